package dev.cotenant.models.data;

import dev.cotenant.simulator.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017; MIT licence): 60,000 training and 10,000 test
 * grey-scale 28x28 images of clothing in 10 classes, read from the IDX files Debian's
 * {@code dataset-fashion-mnist} package installs. Nothing is downloaded at run time.
 *
 * <p>The folder is {@value #DEFAULT_FOLDER} unless the system property {@value #FOLDER_PROPERTY}
 * or the environment variable {@value #FOLDER_ENV} names another one holding the same four files.
 */
public final class FashionMnist {
    public static final String DEFAULT_FOLDER = "/usr/share/datasets/fashion-mnist";
    public static final String FOLDER_PROPERTY = "cotenant.fashionMnist";
    public static final String FOLDER_ENV = "COTENANT_FASHION_MNIST";
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final int CLASSES = 10;
    public static final int TRAIN_COUNT = 60_000;
    public static final int TEST_COUNT = 10_000;

    /** Images, pixels as stored (0..255), row-major {@code [image * 784 + row * 28 + column]}, and their labels. */
    public record Split(byte[] pixels, int[] labels) {
        public int size() { return labels.length; }
        public int pixel(int image, int index) { return pixels[image * PIXELS + index] & 0xff; }

        /** The first {@code n} images. */
        public Split first(int n) {
            if (n > size()) throw BadInputException.at("images", "asked for " + n + ", the split has " + size());
            return new Split(java.util.Arrays.copyOf(pixels, n * PIXELS), java.util.Arrays.copyOf(labels, n));
        }
    }

    private FashionMnist() {}

    public static Path folder() {
        String property = System.getProperty(FOLDER_PROPERTY);
        if (property != null && !property.isBlank()) return Path.of(property);
        String env = System.getenv(FOLDER_ENV);
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(DEFAULT_FOLDER);
    }

    /** Whether the four files are where {@link #folder()} says (tests that need the data skip without it). */
    public static boolean available() {
        Path f = folder();
        return Files.isRegularFile(f.resolve("train-images-idx3-ubyte.gz")) && Files.isRegularFile(f.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    public static Split train() { return load(folder(), "train", TRAIN_COUNT); }

    public static Split test() { return load(folder(), "t10k", TEST_COUNT); }

    /** Reads {@code PREFIX-images-idx3-ubyte[.gz]} and the matching labels, checking they agree. */
    public static Split load(Path folder, String prefix, int expectedCount) {
        IdxFile images = IdxFile.read(existing(folder, prefix + "-images-idx3-ubyte"));
        IdxFile labels = IdxFile.read(existing(folder, prefix + "-labels-idx1-ubyte"));
        String where = folder.resolve(prefix + "-images-idx3-ubyte").toString();
        if (images.dimensions().length != 3 || images.dimensions()[1] != SIDE || images.dimensions()[2] != SIDE) {
            throw BadInputException.at(where, "images are " + java.util.Arrays.toString(images.dimensions()) + ", expected [N, 28, 28]");
        }
        if (labels.dimensions().length != 1 || labels.count() != images.count()) {
            throw BadInputException.at(where, images.count() + " images but labels " + java.util.Arrays.toString(labels.dimensions()));
        }
        if (images.count() != expectedCount) {
            throw BadInputException.at(where, images.count() + " images, Fashion-MNIST's " + prefix + " split has " + expectedCount);
        }
        int[] y = new int[labels.count()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.unsigned(i);
            if (y[i] >= CLASSES) throw BadInputException.at(where.replace("images", "labels"), "label " + y[i] + " at record " + i + " is not in 0..9");
        }
        return new Split(images.data(), y);
    }

    private static Path existing(Path folder, String name) {
        Path gz = folder.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) return gz;
        Path plain = folder.resolve(name);
        if (Files.isRegularFile(plain)) return plain;
        throw BadInputException.at(gz.toString(), "missing (install Debian's dataset-fashion-mnist, or set " + FOLDER_ENV + ")");
    }
}

package dev.cotenant.models;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A split of a latency directory's samples into train, validation and test, per model and by
 * sample (never by row), so no sample's layers appear in two parts. Seeded: the same directory
 * and seed always give the same split, which is how evaluation finds the test samples again.
 */
public final class SampleSplit {
    /** Fewer samples than this per model cannot give every part at least two samples. */
    public static final int MIN_SAMPLES_PER_MODEL = 10;
    public static final double VALIDATION_SHARE = 0.2;
    public static final double TEST_SHARE = 0.2;

    private final LatencyDirectory source;
    private final long seed;
    /** Per model id of the source: the source sample indices of each part, ascending. */
    private final int[][] train, validation, test;

    public SampleSplit(LatencyDirectory source, long seed) {
        this.source = source;
        this.seed = seed;
        int models = source.modelCount();
        train = new int[models][];
        validation = new int[models][];
        test = new int[models][];
        SplittableRandom random = new SplittableRandom(seed);
        for (int m = 0; m < models; m++) {
            LatencyTable t = source.table(m);
            int n = t.sampleCount();
            if (n < MIN_SAMPLES_PER_MODEL) {
                throw BadInputException.at(t.modelName(), "has " + n + " samples; splitting into train, validation and test needs at least "
                        + MIN_SAMPLES_PER_MODEL + " per model");
            }
            int[] order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                int tmp = order[i]; order[i] = order[j]; order[j] = tmp;
            }
            int testCount = (int) Math.round(n * TEST_SHARE);
            int validationCount = (int) Math.round(n * VALIDATION_SHARE);
            test[m] = sorted(Arrays.copyOfRange(order, 0, testCount));
            validation[m] = sorted(Arrays.copyOfRange(order, testCount, testCount + validationCount));
            train[m] = sorted(Arrays.copyOfRange(order, testCount + validationCount, n));
        }
    }

    private static int[] sorted(int[] a) { Arrays.sort(a); return a; }

    public enum Part { TRAIN, VALIDATION, TEST }

    public long seed() { return seed; }
    public LatencyDirectory source() { return source; }

    /** Source sample indices of {@code part} for model {@code modelId}. */
    public int[] samples(Part part, int modelId) {
        return (part == Part.TRAIN ? train : part == Part.VALIDATION ? validation : test)[modelId].clone();
    }

    /** Number of samples of {@code part}, over all models. */
    public int sampleCount(Part part) {
        int sum = 0;
        for (int m = 0; m < source.modelCount(); m++) sum += samples(part, m).length;
        return sum;
    }

    /** The directory of {@code part}'s samples only (same models, renumbered samples 0..). */
    public LatencyDirectory directory(Part part) {
        List<LatencyTable> tables = new ArrayList<>();
        for (int m = 0; m < source.modelCount(); m++) tables.add(subset(source.table(m), samples(part, m)));
        return new LatencyDirectory(tables);
    }

    static LatencyTable subset(LatencyTable t, int[] samples) {
        int layers = t.layerCount();
        double[] lat = new double[samples.length * layers];
        double[] sp = new double[lat.length];
        for (int i = 0; i < samples.length; i++) {
            for (int l = 0; l < layers; l++) {
                lat[i * layers + l] = t.latencySeconds(samples[i], l);
                sp[i * layers + l] = t.sparsity(samples[i], l);
            }
        }
        return new LatencyTable(t.modelName(), t.layout(), samples.length, layers, lat, sp);
    }

    /** SHA-256 of every model name and number of a directory: tells whether a model card's split applies to it. */
    public static String fingerprint(LatencyDirectory directory) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(16);
            for (LatencyTable t : directory.tables()) {
                digest.update(t.modelName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                b.clear();
                b.putInt(t.sampleCount()).putInt(t.layerCount());
                digest.update(b.array(), 0, 8);
                for (int s = 0; s < t.sampleCount(); s++) {
                    for (int l = 0; l < t.layerCount(); l++) {
                        b.clear();
                        b.putDouble(t.latencySeconds(s, l)).putDouble(t.sparsity(s, l));
                        digest.update(b.array());
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

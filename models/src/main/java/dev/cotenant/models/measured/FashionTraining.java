package dev.cotenant.models.measured;

import dev.cotenant.models.data.FashionMnist;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Training, evaluation and storage of the Fashion-MNIST networks. Pixels are scaled to [0, 1]
 * (no mean subtraction), so the image's black background is exact zeros, as a sparse
 * accelerator would see it. Batches are drawn in a seeded order, so a seed fixes the weights on a
 * given CPU (float kernels may round differently on another).
 */
public final class FashionTraining {
    public static final int BATCH_IMAGES = 64;
    static final int EVAL_BATCH_IMAGES = 500;

    /** Called after every {@code every} batches: for progress lines. */
    public interface Progress {
        void batchesDone(int done, int total);
    }

    private FashionTraining() {}

    public static ComputationGraph newNetwork(FashionArchitecture architecture, long seed) {
        ComputationGraph net = new ComputationGraph(architecture.spec(seed).configuration());
        net.init();
        return net;
    }

    /**
     * {@code epochs} passes over {@code train} in batches of {@value #BATCH_IMAGES}, shuffled by
     * {@code seed}; {@code afterBatch} runs after each step (pruning masks re-apply themselves there).
     * {@code maxBatches} stops early (fine-tuning uses part of an epoch).
     */
    public static void fit(ComputationGraph net, FashionMnist.Split train, int epochs, int maxBatches, long seed,
                           Runnable afterBatch, Progress progress) {
        int n = train.size();
        int perEpoch = n / BATCH_IMAGES;
        int total = Math.min(maxBatches, perEpoch * epochs);
        SplittableRandom random = new SplittableRandom(seed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        int done = 0;
        for (int epoch = 0; epoch < epochs && done < total; epoch++) {
            shuffle(order, random);
            for (int b = 0; b < perEpoch && done < total; b++) {
                net.fit(batch(train, order, b * BATCH_IMAGES, BATCH_IMAGES));
                afterBatch.run();
                done++;
                if (done % 100 == 0 || done == total) progress.batchesDone(done, total);
            }
        }
    }

    /** Share of {@code split}'s images whose arg-max class is the label. */
    public static double accuracy(ComputationGraph net, FashionMnist.Split split) {
        int correct = 0;
        for (int from = 0; from < split.size(); from += EVAL_BATCH_IMAGES) {
            int count = Math.min(EVAL_BATCH_IMAGES, split.size() - from);
            INDArray predicted = net.outputSingle(false, features(split, from, count)).argMax(1);
            for (int i = 0; i < count; i++) if (predicted.getInt(i) == split.labels()[from + i]) correct++;
        }
        return (double) correct / split.size();
    }

    /** Images {@code from .. from+count-1} as an NCHW float array, pixels / 255. */
    static INDArray features(FashionMnist.Split split, int from, int count) {
        float[] x = new float[count * FashionMnist.PIXELS];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < FashionMnist.PIXELS; p++) x[i * FashionMnist.PIXELS + p] = split.pixel(from + i, p) / 255f;
        }
        return Nd4j.create(x, new long[] {count, 1, FashionMnist.SIDE, FashionMnist.SIDE}, 'c');
    }

    private static DataSet batch(FashionMnist.Split split, int[] order, int from, int count) {
        float[] x = new float[count * FashionMnist.PIXELS];
        float[] y = new float[count * FashionMnist.CLASSES];
        for (int i = 0; i < count; i++) {
            int image = order[from + i];
            for (int p = 0; p < FashionMnist.PIXELS; p++) x[i * FashionMnist.PIXELS + p] = split.pixel(image, p) / 255f;
            y[i * FashionMnist.CLASSES + split.labels()[image]] = 1;
        }
        return new DataSet(Nd4j.create(x, new long[] {count, 1, FashionMnist.SIDE, FashionMnist.SIDE}, 'c'),
                Nd4j.create(y, new long[] {count, FashionMnist.CLASSES}, 'c'));
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Writes the weights only (no updater state: smaller, and inference needs none). */
    public static void save(ComputationGraph net, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ModelSerializer.writeModel(net, file.toFile(), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ComputationGraph load(InputStream in) {
        try {
            ComputationGraph net = ModelSerializer.restoreComputationGraph(in, false);
            if (net.params().dataType() != DataType.FLOAT) net = net.convertDataType(DataType.FLOAT);
            return net;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

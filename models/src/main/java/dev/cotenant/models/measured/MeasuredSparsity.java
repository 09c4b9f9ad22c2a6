package dev.cotenant.models.measured;

import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import dev.cotenant.simulator.workload.zoo.Layer;
import dev.cotenant.simulator.workload.zoo.ModelZoo;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Real activation sparsity, measured: trains the zoo's {@code digitscnn} (a small ReLU CNN) on
 * the UCI handwritten digits shipped in this module, runs every held-out image through it and
 * records the share of exact zeros in each compute layer's input. With the Eyeriss-v2-like cost
 * model that gives a <em>measured-sparsity</em> latency table ({@code digitscnn_measured}), the one
 * table in the project whose sparsity is not generated. Used to check the kind of cross-layer
 * correlation the sparsity generator assumes.
 *
 * <p>Run: {@code ./cotenant measure-sparsity --out DIR} (writes the table and its provenance).
 */
public final class MeasuredSparsity {
    public static final String MODEL_NAME = "digitscnn_measured";
    static final int PIXELS = 64;
    static final int CLASSES = 10;

    /** Images (pixels scaled to [0, 1]) and labels. */
    public record Digits(double[][] pixels, int[] labels) {
        public int size() { return labels.length; }
    }

    /** What one measurement produced. */
    public record Result(LatencyTable table, double testAccuracy, int trainImages, int testImages,
                         double[] meanInputSparsityPerLayer, double[][] layerCorrelation, long seed) {}

    private MeasuredSparsity() {}

    public static Digits loadDigits() {
        InputStream raw = MeasuredSparsity.class.getResourceAsStream("/dev/cotenant/models/digits/digits.csv.gz");
        if (raw == null) throw new IllegalStateException("digits.csv.gz is missing from the models jar");
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                double[] px = new double[PIXELS];
                for (int i = 0; i < PIXELS; i++) px[i] = Double.parseDouble(f[i]) / 16.0;
                rows.add(px);
                labels.add((int) Double.parseDouble(f[PIXELS]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Digits(rows.toArray(double[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The DL4J twin of {@code ModelZoo.digitsCnn()}: same layers, same shapes. */
    static MultiLayerNetwork network(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.RELU).updater(new Adam(2e-3))
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(16).activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(64).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Which feed-forward activation is the input of each compute layer (conv1, conv2, conv3, fc1,
     * fc2): index 0 is the image, then one activation per DL4J layer.
     */
    static final int[] INPUT_ACTIVATION_OF_COMPUTE_LAYER = {0, 1, 3, 5, 6};

    /** Trains on a seeded 2/3 of the images, measures on the other third. */
    public static Result measure(long seed, int epochs) { return measure(seed, epochs, (done, total) -> {}); }

    /** Told after each training epoch (training is nearly all of the time: about 3 s per epoch on 2 cores). */
    public interface EpochListener {
        void epochDone(int epochsDone, int epochsTotal);
    }

    /** As {@link #measure(long, int)}, telling {@code listener} after each epoch. */
    public static Result measure(long seed, int epochs, EpochListener listener) {
        Digits digits = loadDigits();
        int n = digits.size();
        int[] order = shuffled(n, seed);
        int trainCount = n * 2 / 3;
        MultiLayerNetwork net = network(seed);
        DataSet train = dataSet(digits, order, 0, trainCount);
        DataSet test = dataSet(digits, order, trainCount, n);
        for (int epoch = 0; epoch < epochs; epoch++) {
            train.shuffle(seed + epoch);
            for (DataSet batch : train.batchBy(32)) net.fit(batch);
            listener.epochDone(epoch + 1, epochs);
        }
        INDArray predicted = net.output(test.getFeatures()).argMax(1);
        INDArray actual = test.getLabels().argMax(1);
        double accuracy = predicted.eq(actual).castTo(DataType.DOUBLE).meanNumber().doubleValue();

        List<INDArray> activations = net.feedForward(test.getFeatures(), false);
        List<Layer> layers = ModelZoo.digitsCnn().computeLayers();
        int testCount = n - trainCount;
        int layerCount = layers.size();
        double[] sparsity = new double[testCount * layerCount];
        for (int l = 0; l < layerCount; l++) {
            INDArray input = activations.get(INPUT_ACTIVATION_OF_COMPUTE_LAYER[l]);
            INDArray flat = input.reshape(testCount, input.length() / testCount);
            if (flat.columns() != layers.get(l).inputElements()) {
                throw new IllegalStateException("DL4J layer input " + flat.columns() + " != zoo " + layers.get(l).inputElements()
                        + " at compute layer " + layers.get(l).name());
            }
            INDArray zeros = flat.eq(0).castTo(DataType.DOUBLE).mean(1);
            for (int b = 0; b < testCount; b++) {
                // A table's sparsity must be < 1: an all-zero input cannot occur in practice, cap it just below.
                sparsity[b * layerCount + l] = Math.min(zeros.getDouble(b), 0.999);
            }
        }
        SparseCnnAccelerator accelerator = SparseCnnAccelerator.eyerissV2();
        double[] latency = new double[sparsity.length];
        for (int b = 0; b < testCount; b++) {
            for (int l = 0; l < layerCount; l++) {
                latency[b * layerCount + l] = accelerator.layerSeconds(layers.get(l), sparsity[b * layerCount + l], 0);
            }
        }
        LatencyTable table = new LatencyTable(MODEL_NAME, LatencyTable.Layout.EYERISS_V2, testCount, layerCount, latency, sparsity);
        double[] mean = new double[layerCount];
        for (int l = 0; l < layerCount; l++) mean[l] = table.meanSparsity(l);
        return new Result(table, accuracy, trainCount, testCount, mean, SparsityCorrelation.betweenLayers(table), seed);
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static DataSet dataSet(Digits digits, int[] order, int from, int to) {
        int count = to - from;
        float[][] features = new float[count][];
        float[][] labels = new float[count][CLASSES];
        for (int i = 0; i < count; i++) {
            double[] px = digits.pixels()[order[from + i]];
            features[i] = new float[PIXELS];
            for (int p = 0; p < PIXELS; p++) features[i][p] = (float) px[p];
            labels[i][digits.labels()[order[from + i]]] = 1;
        }
        return new DataSet(Nd4j.create(features), Nd4j.create(labels));
    }

    /** Writes the table ({@code MODEL_NAME.csv}) and a provenance note into {@code folder}. */
    public static void write(Result result, Path folder) throws IOException {
        Files.createDirectories(folder);
        LatencyCsv.write(result.table(), folder.resolve(MODEL_NAME + ".csv"));
        StringBuilder note = new StringBuilder();
        note.append(String.format(Locale.ROOT, "MEASURED activation sparsity of the zoo's digitscnn trained in this repository "
                + "(models: MeasuredSparsity, seed %d) on the UCI handwritten digits (CC BY 4.0); %d training and %d held-out images, "
                + "held-out accuracy %.3f.%nLatency: Eyeriss-v2-like cost model (modelled) fed with the measured sparsity.%n",
                result.seed(), result.trainImages(), result.testImages(), result.testAccuracy()));
        note.append("mean input sparsity per compute layer:");
        for (double s : result.meanInputSparsityPerLayer()) note.append(String.format(Locale.ROOT, " %.3f", s));
        note.append("\nPearson correlation across images between layers' input sparsity:\n");
        for (double[] row : result.layerCorrelation()) {
            for (double c : row) note.append(String.format(Locale.ROOT, " %6.3f", c));
            note.append('\n');
        }
        Files.writeString(folder.resolve(MODEL_NAME + ".txt"), note);
    }
}

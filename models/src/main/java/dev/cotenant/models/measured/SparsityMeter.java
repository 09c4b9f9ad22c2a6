package dev.cotenant.models.measured;

import dev.cotenant.models.data.FashionMnist;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * Runs images through a network and records, per image and per compute layer, the share of exact
 * zeros in the layer's input (the ReLU zeros a zero-skipping accelerator saves; for the first layer,
 * the image's black pixels), together with whether the image was classified correctly: one pass
 * gives both the sparsity and the accuracy.
 */
public final class SparsityMeter {
    /** {@code sparsity[image * layers + layer]}, and the number of correctly classified images. */
    public record Measurement(int images, int layers, double[] sparsity, int correct) {
        public double sparsity(int image, int layer) { return sparsity[image * layers + layer]; }
        public double accuracy() { return (double) correct / images; }
    }

    private SparsityMeter() {}

    public static Measurement measure(ComputationGraph net, List<GraphSpec.ComputeLayer> layers, String outputVertex,
                                      FashionMnist.Split split) {
        int n = split.size();
        int count = layers.size();
        double[] sparsity = new double[n * count];
        int correct = 0;
        for (int from = 0; from < n; from += FashionTraining.EVAL_BATCH_IMAGES) {
            int batch = Math.min(FashionTraining.EVAL_BATCH_IMAGES, n - from);
            INDArray x = FashionTraining.features(split, from, batch);
            Map<String, INDArray> activations = net.feedForward(x, false);
            double[][] zeros = zeroShares(activations, x, layers, batch);
            for (int i = 0; i < batch; i++) System.arraycopy(zeros[i], 0, sparsity, (from + i) * count, count);
            INDArray predicted = activations.get(outputVertex).argMax(1);
            for (int i = 0; i < batch; i++) if (predicted.getInt(i) == split.labels()[from + i]) correct++;
        }
        return new Measurement(n, count, sparsity, correct);
    }

    /** {@code [image][layer]} zero share of each compute layer's input, checked against the layer's element count. */
    static double[][] zeroShares(Map<String, INDArray> activations, INDArray input, List<GraphSpec.ComputeLayer> layers, int batch) {
        double[][] zeros = new double[batch][layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            GraphSpec.ComputeLayer layer = layers.get(l);
            INDArray a = layer.inputVertex().equals(GraphSpec.INPUT) ? input : activations.get(layer.inputVertex());
            INDArray flat = a.reshape('c', batch, a.length() / batch);
            if (flat.columns() != layer.layer().inputElements()) {
                throw new IllegalStateException("DL4J input of " + layer.layer().name() + " has " + flat.columns()
                        + " elements per image, the cost model's layer " + layer.layer().inputElements());
            }
            INDArray share = flat.eq(0).castTo(DataType.DOUBLE).mean(1);
            for (int i = 0; i < batch; i++) zeros[i][l] = share.getDouble(i);
        }
        return zeros;
    }
}

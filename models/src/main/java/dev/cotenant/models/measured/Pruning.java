package dev.cotenant.models.measured;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.workload.sparsity.PruningPattern;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Magnitude pruning of a trained network, kept in force while it is fine-tuned.
 * <ul>
 *   <li>Unstructured at level {@code p}: in every compute layer but the first, the
 *       {@code floor(p * n)} weights of smallest magnitude (of its {@code n}) are zeroed.</li>
 *   <li>Filter (channel) at level {@code p}: in every compute layer but the first whose output
 *       goes through a ReLU (not the classifier, not the linear convolution before a residual add,
 *       where a zero filter would not give a zero channel), the {@code floor(p * filters)} output
 *       filters of smallest L1 norm lose their weights and bias, so their channel is exactly zero
 *       after the ReLU: the next layer sees it as activation sparsity, as a real channel-pruned
 *       network would skip it.</li>
 * </ul>
 * The first compute layer stays dense, as {@link PruningVariant} models it. Ties in magnitude
 * are broken by position, so the number zeroed is exact.
 */
public final class Pruning {
    private final List<INDArray> params = new ArrayList<>();
    private final List<INDArray> masks = new ArrayList<>();

    private Pruning() {}

    /** Prunes {@code net} in place; {@link #reapply()} after each fine-tuning step keeps the zeros. */
    public static Pruning apply(ComputationGraph net, List<GraphSpec.ComputeLayer> layers, PruningVariant variant) {
        Pruning pruning = new Pruning();
        if (variant.pattern() == PruningPattern.DENSE) return pruning;
        if (variant.pattern() != PruningPattern.UNSTRUCTURED && variant.pattern() != PruningPattern.FILTER) {
            throw BadInputException.at("pruning", "pattern " + variant.pattern() + " is not implemented for measured networks (unstructured, filter)");
        }
        for (int l = 1; l < layers.size(); l++) {
            GraphSpec.ComputeLayer layer = layers.get(l);
            String name = layer.layer().name();
            INDArray w = net.getLayer(name).getParam("W");
            INDArray b = net.getLayer(name).getParam("b");
            float[] weights = w.dup('c').data().asFloat();
            if (variant.pattern() == PruningPattern.UNSTRUCTURED) {
                pruning.add(w, keepMask(smallestMagnitudes(weights, variant.weightSparsity()), weights.length));
            } else if (layer.prunableFilters()) {
                int filters = Math.toIntExact(b.length());
                int[] filterOf = filterIndex(w, net.getLayer(name).conf().getLayer() instanceof DepthwiseConvolution2D);
                double[] l1 = new double[filters];
                for (int i = 0; i < weights.length; i++) l1[filterOf[i]] += Math.abs(weights[i]);
                boolean[] dropFilter = smallest(l1, variant.weightSparsity());
                boolean[] drop = new boolean[weights.length];
                for (int i = 0; i < weights.length; i++) drop[i] = dropFilter[filterOf[i]];
                pruning.add(w, keepMask(drop, weights.length));
                pruning.add(b, keepMask(dropFilter, filters));
            }
        }
        pruning.reapply();
        return pruning;
    }

    private void add(INDArray param, float[] keep) {
        params.add(param);
        masks.add(Nd4j.create(keep, param.shape(), 'c').castTo(param.dataType()));
    }

    /** Zeroes the pruned weights again (a fine-tuning step moves them). */
    public void reapply() {
        for (int i = 0; i < params.size(); i++) params.get(i).muli(masks.get(i));
    }

    /** Which of {@code values} are the {@code floor(level * n)} smallest by magnitude (ties: earlier first). */
    static boolean[] smallestMagnitudes(float[] values, double level) {
        double[] magnitude = new double[values.length];
        for (int i = 0; i < values.length; i++) magnitude[i] = Math.abs(values[i]);
        return smallest(magnitude, level);
    }

    static boolean[] smallest(double[] values, double level) {
        int drop = (int) Math.floor(level * values.length + 1e-9);
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, c) -> {
            int byValue = Double.compare(values[a], values[c]);
            return byValue != 0 ? byValue : Integer.compare(a, c);
        });
        boolean[] dropped = new boolean[values.length];
        for (int i = 0; i < drop; i++) dropped[order[i]] = true;
        return dropped;
    }

    private static float[] keepMask(boolean[] drop, int n) {
        float[] keep = new float[n];
        for (int i = 0; i < n; i++) keep[i] = drop[i] ? 0f : 1f;
        return keep;
    }

    /**
     * Output filter of each weight, in c order: convolution {@code [out, in, kh, kw]}, depthwise
     * {@code [kh, kw, channels, 1]}, dense {@code [in, out]}.
     */
    static int[] filterIndex(INDArray w, boolean depthwise) {
        long[] s = w.shape();
        int n = Math.toIntExact(w.length());
        int[] filter = new int[n];
        for (int i = 0; i < n; i++) {
            if (s.length == 4 && depthwise) filter[i] = (int) ((i / s[3]) % s[2]);
            else if (s.length == 4) filter[i] = (int) (i / (s[1] * s[2] * s[3]));
            else filter[i] = (int) (i % s[1]);
        }
        return filter;
    }

    /** Share of exact zeros in a layer's weights: the static sparsity the cost model is given. */
    public static double weightSparsity(ComputationGraph net, String layerName) {
        INDArray w = net.getLayer(layerName).getParam("W");
        return w.eq(0).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
    }
}

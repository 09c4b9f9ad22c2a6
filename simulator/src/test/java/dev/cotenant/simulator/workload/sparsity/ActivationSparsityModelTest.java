package dev.cotenant.simulator.workload.sparsity;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.workload.zoo.Layer;
import dev.cotenant.simulator.workload.zoo.ModelZoo;
import dev.cotenant.simulator.workload.zoo.Network;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationSparsityModelTest {
    private final ActivationSparsityModel model = ActivationSparsityModel.calibrated();
    private final Network resnet50 = ModelZoo.resnet50();

    /** Pearson correlation across samples of the mean sparsity of layers [from, to) and [from2, to2). */
    static double groupCorrelation(double[] s, int samples, int layers, List<Integer> first, List<Integer> last) {
        double[] x = new double[samples];
        double[] y = new double[samples];
        for (int b = 0; b < samples; b++) {
            for (int l : first) x[b] += s[b * layers + l] / first.size();
            for (int l : last) y[b] += s[b * layers + l] / last.size();
        }
        return pearson(x, y);
    }

    static double pearson(double[] x, double[] y) {
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) { mx += x[i] / x.length; my += y[i] / y.length; }
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** ReLU-fed compute layers in the first and the last third of the network. */
    static List<List<Integer>> thirds(Network n) {
        List<Layer> layers = n.computeLayers();
        int third = layers.size() / 3;
        List<Integer> first = java.util.stream.IntStream.range(0, third).filter(l -> layers.get(l).inputFromRelu()).boxed().toList();
        List<Integer> last = java.util.stream.IntStream.range(layers.size() - third, layers.size())
                .filter(l -> layers.get(l).inputFromRelu()).boxed().toList();
        return List.of(first, last);
    }

    @Test
    void earlyLayersPredictLateOnesAsTheLatentFactorImplies() {
        int samples = 4000;
        double[] s = model.sample(resnet50, PruningVariant.DENSE, samples, new SplittableRandom(1));
        List<List<Integer>> t = thirds(resnet50);
        double measured = groupCorrelation(s, samples, resnet50.computeLayers().size(), t.get(0), t.get(1));
        // Closed form for two groups of n1, n2 layers with equal spread and loading rho:
        // rho^2 / sqrt((rho^2 + (1-rho^2)/n1) (rho^2 + (1-rho^2)/n2)); rho = 0.6, n1 = n2 = 16 or so gives ~0.90.
        double r2 = 0.36;
        double expected = r2 / Math.sqrt((r2 + (1 - r2) / t.get(0).size()) * (r2 + (1 - r2) / t.get(1).size()));
        assertEquals(expected, measured, 0.03, "closed form " + expected);
        // The intended range: strong enough for a monitor to exploit, short of deterministic.
        assertTrue(measured > 0.8 && measured < 0.97, "first-third vs last-third correlation " + measured);
    }

    @Test
    void twoLayersOfOneSampleCorrelateByRhoSquared() {
        int samples = 4000;
        double[] s = model.sample(resnet50, PruningVariant.DENSE, samples, new SplittableRandom(2));
        int layers = resnet50.computeLayers().size();
        double measured = groupCorrelation(s, samples, layers, List.of(5), List.of(40));
        assertEquals(0.36, measured, 0.05);
    }

    @Test
    void meansFollowTheCalibrationAndFilterPruningAddsZeroChannels() {
        int samples = 2000;
        int layers = resnet50.computeLayers().size();
        double[] dense = model.sample(resnet50, PruningVariant.DENSE, samples, new SplittableRandom(3));
        double[] filter = model.sample(resnet50, new PruningVariant(PruningPattern.FILTER, 0.6), samples, new SplittableRandom(3));
        int last = layers - 1; // the fc: ReLU-fed, base mean 0.70
        double meanDense = 0, meanFilter = 0;
        for (int b = 0; b < samples; b++) {
            meanDense += dense[b * layers + last] / samples;
            meanFilter += filter[b * layers + last] / samples;
            assertEquals(0.0, dense[b * layers], "the image has no exact zeros");
        }
        assertEquals(0.70, meanDense, 0.01);
        assertEquals(0.6 + 0.4 * 0.70, meanFilter, 0.01, "60% zero channels plus ReLU zeros of the rest");
    }

    @Test
    void sameSeedSameSamplesAndValuesStayInRange() {
        double[] a = model.sample(resnet50, PruningVariant.DENSE, 20, new SplittableRandom(7));
        assertArrayEquals(a, model.sample(resnet50, PruningVariant.DENSE, 20, new SplittableRandom(7)));
        for (double v : a) assertTrue(v >= 0 && v <= 0.99);
    }

    @Test
    void nonReluInputsAreDense() {
        Network yolo = ModelZoo.yoloV2TinyVoc(); // leaky ReLU throughout
        for (double v : model.sample(yolo, PruningVariant.DENSE, 10, new SplittableRandom(1))) assertEquals(0.0, v);
    }

    @Test
    void badParametersAreRejected() {
        assertEquals("latentLoading: must be in [0.0, 1.0], got 1.5", assertThrows(BadInputException.class,
                () -> new ActivationSparsityModel(0.4, 0.7, 0.05, 1.5, 0.99)).getMessage());
        assertThrows(BadInputException.class, () -> new PruningVariant(PruningPattern.BLOCK, 0));
        assertThrows(BadInputException.class, () -> new PruningVariant(PruningPattern.BLOCK, 1));
    }

    @Test
    void variantNamesMatchTheBenchmark() {
        assertEquals(List.of("dense", "unstructured20", "unstructured60", "block20", "block60", "filter20", "filter60"),
                PruningVariant.sparseDystaVariants().stream().map(PruningVariant::name).toList());
    }

    @Test
    void aNegativeChainMakesNeighboursMoveOppositeWays() {
        // rho = 0.5 (r = 0.25), phi = -0.6, means 0.5 and spread 0.05 so nothing is clipped: layers k apart
        // correlate by r + (1 - r) phi^k, so 0.25 - 0.75 * 0.6 = -0.20 one apart and 0.25 + 0.75 * 0.36 = 0.52 two apart.
        ActivationSparsityModel chain = new ActivationSparsityModel(0.5, 0.5, 0.05, 0.5, 0.99, -0.6);
        Network vgg = ModelZoo.vgg16(); // every compute layer but the first reads a ReLU output
        int layers = vgg.computeLayers().size();
        int samples = 20_000;
        double[] s = chain.sample(vgg, PruningVariant.DENSE, samples, new SplittableRandom(5));
        double lag1 = groupCorrelation(s, samples, layers, List.of(4), List.of(5));
        double lag2 = groupCorrelation(s, samples, layers, List.of(4), List.of(6));
        // 20,000 samples: a correlation's standard error is about (1 - c^2) / sqrt(n) < 0.007, so 0.03 is over 4 of them.
        assertEquals(-0.20, lag1, 0.03);
        assertEquals(0.52, lag2, 0.03);
        // phi = 0 is the five-parameter model draw for draw.
        ActivationSparsityModel five = new ActivationSparsityModel(0.4, 0.7, 0.05, 0.6, 0.99);
        ActivationSparsityModel sixZero = new ActivationSparsityModel(0.4, 0.7, 0.05, 0.6, 0.99, 0);
        assertArrayEquals(five.sample(vgg, PruningVariant.DENSE, 50, new SplittableRandom(9)),
                sixZero.sample(vgg, PruningVariant.DENSE, 50, new SplittableRandom(9)));
    }
}

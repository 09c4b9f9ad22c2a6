package dev.cotenant.models.measured;

import dev.cotenant.simulator.workload.sparsity.PruningPattern;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pruning levels and the sparsity meter on hand-built networks whose zeros are known. */
class PruningAndMeterTest {

    /** 1x2x2 image -> 1x1 conv with filters +1 and -1 (no bias), ReLU -> 2-way classifier. */
    static GraphSpec twoLayer() {
        GraphSpec g = new GraphSpec(1, 1e-3, 1, 2, 2);
        g.conv("c", GraphSpec.INPUT, 2, 1, 1, 0, true);
        g.output("o", "c", 2);
        return g;
    }

    @Test
    void meterCountsKnownZeros() {
        GraphSpec spec = twoLayer();
        ComputationGraph net = new ComputationGraph(spec.configuration());
        net.init();
        net.getLayer("c").getParam("W").assign(Nd4j.create(new float[] {1, -1}, new long[] {2, 1, 1, 1}, 'c'));
        net.getLayer("c").getParam("b").assign(0);
        // Image 1 has one zero pixel of 4, image 2 three. Channel +1 copies the image (same zeros);
        // channel -1 is ReLU(-x) = 0 at all 4 positions since pixels are >= 0. So the classifier's input
        // (8 values) has zeros(x) + 4: image 1 (1 + 4) / 8 = 0.625, image 2 (3 + 4) / 8 = 0.875.
        INDArray x = Nd4j.create(new float[] {0.5f, 0f, 0.25f, 1f, 0f, 0f, 0f, 0.7f}, new long[] {2, 1, 2, 2}, 'c');
        Map<String, INDArray> activations = net.feedForward(x, false);
        double[][] zeros = SparsityMeter.zeroShares(activations, x, spec.computeLayers(), 2);
        assertArrayEquals(new double[] {0.25, 0.625}, zeros[0], 1e-12);
        assertArrayEquals(new double[] {0.75, 0.875}, zeros[1], 1e-12);
    }

    @Test
    void smallestDropsExactlyFloorOfLevelTimesCountTiesByPosition() {
        double[] values = {3, 1, 1, 2, 0.5, 4, 1};
        // floor(0.5 * 7) = 3: 0.5 (index 4) and the first two 1s (indices 1, 2); the third 1 (index 6) stays.
        assertArrayEquals(new boolean[] {false, true, true, false, true, false, false}, Pruning.smallest(values, 0.5));
        // floor(0.9 * 7) = 6: all but the largest (4, index 5).
        assertArrayEquals(new boolean[] {true, true, true, true, true, false, true}, Pruning.smallest(values, 0.9));
        // Magnitudes, not signs: -3 is large.
        assertArrayEquals(new boolean[] {false, true}, Pruning.smallestMagnitudes(new float[] {-3f, 0.1f}, 0.5));
    }

    @Test
    void unstructuredAndFilterLevelsAreExactOnARealArchitecture() {
        List<GraphSpec.ComputeLayer> layers = FashionArchitecture.FMLENET5.spec(0).computeLayers();
        for (double level : new double[] {0.5, 0.7, 0.9}) {
            ComputationGraph net = FashionTraining.newNetwork(FashionArchitecture.FMLENET5, 3);
            Pruning.apply(net, layers, new PruningVariant(PruningPattern.UNSTRUCTURED, level));
            // conv1 stays dense; every other layer loses floor(level * n) of its n weights (random init has no zeros).
            assertEquals(0, Pruning.weightSparsity(net, "conv1"));
            for (int l = 1; l < layers.size(); l++) {
                long n = layers.get(l).layer().weightCount();
                assertEquals(Math.floor(level * n) / n, Pruning.weightSparsity(net, layers.get(l).layer().name()), 1e-12,
                        layers.get(l).layer().name() + " at " + level);
            }
        }
        ComputationGraph net = FashionTraining.newNetwork(FashionArchitecture.FMLENET5, 3);
        net.getLayer("conv2").getParam("b").assign(1); // DL4J starts biases at 0: make them non-zero to see which are pruned
        Pruning.apply(net, layers, new PruningVariant(PruningPattern.FILTER, 0.5));
        // Filter pruning: conv2 (16 filters) loses 8 whole filters, fc1 (120) 60, fc2 (84) 42: half of each
        // layer's weights; the classifier fc3 keeps its 10 outputs.
        assertEquals(0.5, Pruning.weightSparsity(net, "conv2"), 1e-12);
        assertEquals(0.5, Pruning.weightSparsity(net, "fc1"), 1e-12);
        assertEquals(0.5, Pruning.weightSparsity(net, "fc2"), 1e-12);
        assertEquals(0, Pruning.weightSparsity(net, "fc3"));
        float[] conv2 = net.getLayer("conv2").getParam("W").dup('c').data().asFloat(); // [16, 6, 5, 5]: 150 weights per filter
        int zeroFilters = 0;
        for (int f = 0; f < 16; f++) {
            boolean allZero = true;
            for (int i = f * 150; i < (f + 1) * 150; i++) allZero &= conv2[i] == 0;
            if (allZero) zeroFilters++;
        }
        assertEquals(8, zeroFilters);
        assertEquals(8, net.getLayer("conv2").getParam("b").eq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().intValue());
    }

    @Test
    void filterIndexFollowsEachLayoutsOutputAxis() {
        // conv [out=2, in=1, 1, 2]: first 2 weights filter 0, next 2 filter 1.
        assertArrayEquals(new int[] {0, 0, 1, 1}, Pruning.filterIndex(Nd4j.zeros(2, 1, 1, 2), false));
        // dense [in=2, out=3]: column = filter.
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, Pruning.filterIndex(Nd4j.zeros(2, 3), false));
        // depthwise [kh=1, kw=2, channels=2, mult=1]: channel is the third axis.
        assertArrayEquals(new int[] {0, 1, 0, 1}, Pruning.filterIndex(Nd4j.zeros(1, 2, 2, 1), true));
    }
}

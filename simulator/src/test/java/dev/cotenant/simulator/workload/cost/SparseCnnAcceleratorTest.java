package dev.cotenant.simulator.workload.cost;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.workload.zoo.Layer;
import dev.cotenant.simulator.workload.zoo.ModelZoo;
import dev.cotenant.simulator.workload.zoo.Network;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparseCnnAcceleratorTest {
    private final SparseCnnAccelerator eyeriss = SparseCnnAccelerator.eyerissV2();
    private final Network vgg = ModelZoo.vgg16();

    private Layer layer(Network n, String name) {
        return n.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void convLayerIsComputeBoundAndSkipsZeros() {
        Layer conv31 = layer(vgg, "conv3_1"); // 128x56x56 -> 256x56x56, 3x3: 924,844,032 MACs
        assertEquals(56L * 56 * 256 * 128 * 9, conv31.macs());
        // half the activations and a fifth of the weights are zero: 0.5 x 0.8 of the MACs survive,
        // at 192 PEs x 2 MACs x 200 MHz x 0.75 = 57.6 G non-zero MACs per second
        double expected = conv31.macs() * 0.5 * 0.8 / 57.6e9;
        assertEquals(expected, eyeriss.layerSeconds(conv31, 0.5, 0.2), 1e-12);
        assertTrue(eyeriss.memorySeconds(conv31, 0.5, 0.2) < eyeriss.computeSeconds(conv31, 0.5, 0.2));
    }

    @Test
    void fullyConnectedLayerIsMemoryBound() {
        Layer fc6 = layer(vgg, "fc6"); // 25088 x 4096 int8 weights: 102.8 MB read once for one MAC each
        double weights = 25088.0 * 4096 + 4096 * 4;
        double bytes = weights + 25088 * 0.5 * 1.5 + 4096; // input compressed at 50% with half a byte index
        assertEquals(bytes / 12.8e9, eyeriss.layerSeconds(fc6, 0.5, 0.0), 1e-12);
    }

    @Test
    void compressionNeverCostsMoreThanDense() {
        Layer fc6 = layer(vgg, "fc6");
        // at 10% sparsity 0.9 x 1.5 bytes per element would exceed the dense byte
        assertEquals(fc6.weightBytes() + fc6.inputActivationBytes() + fc6.outputActivationBytes(),
                eyeriss.dramBytes(fc6, 0.1, 0.1), 1e-6);
    }

    @Test
    void impossibleParametersNameTheParameter() {
        BadInputException pes = assertThrows(BadInputException.class, () -> new SparseCnnAccelerator(0, 2, 200e6, 0.75, 12.8e9, 0.5));
        assertEquals("peCount: must be at least 1, got 0", pes.getMessage());
        BadInputException bw = assertThrows(BadInputException.class, () -> new SparseCnnAccelerator(192, 2, 200e6, 0.75, -1, 0.5));
        assertEquals("dramBytesPerSecond: must be positive and finite, got -1.0", bw.getMessage());
        assertThrows(BadInputException.class, () -> new SparseCnnAccelerator(192, 2, 0, 0.75, 12.8e9, 0.5));
        assertThrows(BadInputException.class, () -> new SparseCnnAccelerator(192, 2, 200e6, 1.5, 12.8e9, 0.5));
        assertThrows(BadInputException.class, () -> eyeriss.layerSeconds(layer(vgg, "conv1_1"), 1.0, 0));
    }
}

package dev.cotenant.simulator.workload.cost;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.workload.zoo.Layer;
import dev.cotenant.simulator.workload.zoo.ModelZoo;
import dev.cotenant.simulator.workload.zoo.Network;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystolicTileTest {
    private final SystolicTile gemmini = SystolicTile.gemmini();

    private static Layer layer(Network n, String name) {
        return n.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void largeConvKeepsTheArrayBusyAndScalesWithTiles() {
        Layer conv31 = layer(ModelZoo.vgg16(), "conv3_1"); // GEMM 3136 x 1152 x 256
        long blocks = (1152 / 16) * (256 / 16);
        assertEquals(blocks, gemmini.weightBlocks(conv31));
        assertEquals(blocks * (3136 + 32) / 1e9, gemmini.computeSeconds(conv31, 1), 1e-15);
        // 256 MACs per cycle at 1 GHz would take MACs / 256e9; the preload and drain cost 1%
        double ideal = conv31.macs() / 256e9;
        assertEquals(ideal * (3136 + 32) / 3136.0, gemmini.computeSeconds(conv31, 1), 1e-12);
        assertEquals(gemmini.computeSeconds(conv31, 1) / 4, gemmini.computeSeconds(conv31, 4), 1e-15, "1152 blocks split evenly over 4 tiles");
    }

    @Test
    void depthwiseWastesTheArray() {
        Layer dw = layer(ModelZoo.mobileNetV2(), "block1.dw"); // 96 channels, 3x3, 112 -> 56
        assertEquals(96, gemmini.weightBlocks(dw), "one 16x16 block per channel holding a 9x1 filter");
        double utilisation = dw.macs() / 256e9 / gemmini.computeSeconds(dw, 1);
        assertTrue(utilisation < 9.0 / 256, "at most 9 of 256 PEs do work: " + utilisation);
    }

    @Test
    void inputIsRefetchedOnlyWhenNeitherOperandFitsHalfTheScratchpad() {
        Layer fc6 = layer(ModelZoo.ssd300(91), "fc6"); // input 512x19x19 = 184,832 B, weights 4.7 MB
        long w = fc6.weightBytes();
        long i = fc6.inputActivationBytes();
        long o = fc6.outputActivationBytes();
        long half = 128 * 1024;
        assertEquals(w + ((w + half - 1) / half) * i + o, gemmini.dramBytes(fc6, 1), "one tile: 128 KiB halves, input re-read per weight chunk");
        assertEquals(w + i + o, gemmini.dramBytes(fc6, 2), "two tiles: the input fits in 256 KiB and stays resident");
    }

    @Test
    void latencyIsTheRooflineOfComputeAndBandwidthShare() {
        Layer fc = layer(ModelZoo.alexNet(), "fc6"); // 9216 x 4096 weights, one input row
        SystolicLayerCost cost = gemmini.cost(fc, 1);
        // One input row: each of the 576 x 256 weight blocks costs 16 preload + 1 + 16 drain cycles,
        // 256 bytes per 33 ns, slower than 16 GB/s DRAM: a batch-1 FC is preload bound on one tile.
        assertEquals(576 * 256 * 33 / 1e9, cost.computeSeconds(), 1e-15);
        assertEquals(cost.computeSeconds(), gemmini.isolatedSeconds(fc, 1), 1e-15);
        // On 4 tiles compute shrinks fourfold and the DRAM bytes set the time.
        assertEquals(gemmini.dramBytes(fc, 4) / 16e9, gemmini.isolatedSeconds(fc, 4), 1e-15);
        assertEquals(cost.dramBytes() / 1e9, cost.seconds(1e9), 1e-15, "a 1 GB/s bandwidth share makes it memory bound");
    }

    @Test
    void impossibleParametersNameTheParameter() {
        assertEquals("dim: must be at least 1, got 0",
                assertThrows(BadInputException.class, () -> new SystolicTile(0, 1e9, 256 * 1024, 64 * 1024, 16e9)).getMessage());
        assertEquals("dramBytesPerSecond: must be positive and finite, got 0.0",
                assertThrows(BadInputException.class, () -> gemmini.withDramBytesPerSecond(0)).getMessage());
        assertThrows(BadInputException.class, () -> new SystolicTile(16, -1, 256 * 1024, 64 * 1024, 16e9));
        assertThrows(BadInputException.class, () -> gemmini.computeSeconds(ModelZoo.alexNet().layers().get(0), 0));
    }
}

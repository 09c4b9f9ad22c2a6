package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Names, ids and the artifact's configured constants (the artifact's workload.h, precompile.h and profiles). */
class MocaNetworkTest {
    @Test
    void idsAreTheRuntimesOneBasedTypes() {
        assertEquals(MocaNetwork.RESNET50, MocaNetwork.byId(1));
        assertEquals(MocaNetwork.YOLOLITE, MocaNetwork.byId(7));
        assertEquals(5, MocaNetwork.KWSNET.id());
        assertEquals(MocaNetwork.YOLOV2, MocaNetwork.byName("yolov2"));
        BadInputException e = assertThrows(BadInputException.class, () -> MocaNetwork.byName("vgg16"));
        assertTrue(e.getMessage().contains("resnet50, alexnet, googlenet, squeezenet, kwsnet, yolov2, yololite"), e.getMessage());
        assertThrows(BadInputException.class, () -> MocaNetwork.byId(0));
    }

    @Test
    void configuredConstantsAsTheArtifactHasThem() {
        assertEquals(15_070_506, MocaNetwork.RESNET50.spCycles2Tiles());
        assertEquals(9_058_914, MocaNetwork.KWSNET.spCycles2Tiles()); // swapped as configured
        assertEquals(1_998_578, MocaNetwork.YOLOLITE.spCycles4Tiles());
        assertEquals(4_940_160, MocaNetwork.KWSNET.appSingleCycles());
        assertEquals(13_494_690, MocaNetwork.YOLOV2.spPredictionCycles());
        assertEquals(799_912, MocaNetwork.YOLOLITE.tpPredictionCycles());
        assertEquals(33_333_334, MocaNetwork.ALEXNET.targetCycles());
        assertEquals(24_280_131, MocaNetwork.RESNET50.measuredOneTileCycles());
    }

    @Test
    void blocksAndHeavyBlocks() {
        assertEquals(4, MocaNetwork.RESNET50.blockCount());
        assertEquals(44, MocaNetwork.RESNET50.blockEndLayer(2));
        assertEquals(3, MocaNetwork.RESNET50.memoryHeavyBlock());
        assertEquals(14, MocaNetwork.KWSNET.blockEndLayer(0));
        assertEquals(12, MocaNetwork.KWSNET.blockEndLayerOnOneTile(0));
        assertEquals(25, MocaNetwork.KWSNET.blockEndLayerOnOneTile(1));
        assertEquals(25, MocaNetwork.RESNET50.blockEndLayerOnOneTile(1));
        assertEquals(2, MocaNetwork.YOLOV2.memoryHeavyBlock());
        assertEquals(-1, MocaNetwork.GOOGLENET.memoryHeavyBlock());
        for (MocaNetwork n : MocaNetwork.values()) assertEquals(n.layerCount(), n.blockEndLayer(n.blockCount() - 1));
        assertTrue(MocaNetwork.SQUEEZENET.regulationForcedOff() && MocaNetwork.YOLOLITE.regulationForcedOff());
        int[] parts = {10, 5, 5, 2, 5, 5, 2};
        for (MocaNetwork n : MocaNetwork.values()) assertEquals(parts[n.ordinal()], n.partCount());
    }
}

package dev.cotenant.simulator.moca;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The calibration pins of issue 13: every network's isolated time on 1 tile within 10% of MoCA's
 * measured 1-tile mean, on 2 and 4 tiles within 10% of the artifact's {@code sp_cycles} (KWS/YOLOv2
 * swap undone), and the 2->4 speed-up within 0.1 of the artifact's. Two pins are loosened, each with
 * its reason (also in docs/moca-model.md):
 * <ul>
 *   <li>SqueezeNet's speed-up: the artifact's tables make it 1.52x from 1 to 2 tiles but 1.70x from
 *       2 to 4, i.e. tiles get more efficient as there are more of them. No model whose per-tile
 *       overheads stay equal or grow with the tile count (barrier, repeated weight loads) can do
 *       both; the 1-tile figure is measured and the 2/4-tile ones are of unstated provenance. The
 *       model's 2- and 4-tile times each stay within 10%; the speed-up pin is 0.2.</li>
 *   <li>YOLO-Lite on 2 and 4 tiles: the tables make it 1.37x faster on 2 tiles and then slower on 4
 *       (1.68 -> 2.00 M). With global constants the model cannot be that slow on 2 tiles without
 *       breaking the other networks, nor slower on 4 than on 2 (its layers are plain 3x3
 *       convolutions; nothing in the model grows with the tile count as steeply). Its 2-tile time is
 *       pinned within 20%; its 4-tile time and speed-up are not pinned, only that the model is faster
 *       on 4 tiles than on 2 (what physics without the unexplained effect gives).</li>
 * </ul>
 */
class MocaCalibrationTest {
    private final MocaWork work = MocaWork.standard();

    private double isolated(MocaNetwork n, int k) { return work.isolatedCycles(n.ordinal(), k); }

    @Test
    void oneTileWithinTenPercentOfMeasured() {
        for (MocaNetwork n : MocaNetwork.values()) {
            double model = isolated(n, 1);
            assertEquals(n.measuredOneTileCycles(), model, 0.10 * n.measuredOneTileCycles(), n.cliName());
        }
    }

    @Test
    void twoTilesWithinTenPercentOfSpCycles() {
        for (MocaNetwork n : MocaNetwork.values()) {
            double tolerance = n == MocaNetwork.YOLOLITE ? 0.20 : 0.10;
            assertEquals(n.spCycles2TilesCorrected(), isolated(n, 2), tolerance * n.spCycles2TilesCorrected(), n.cliName());
        }
    }

    @Test
    void fourTilesWithinTenPercentOfSpCycles() {
        for (MocaNetwork n : MocaNetwork.values()) {
            if (n == MocaNetwork.YOLOLITE) {
                assertTrue(isolated(n, 4) < isolated(n, 2), "YOLO-Lite: not pinned to the artifact's slower 4-tile time");
                continue;
            }
            assertEquals(n.spCycles4TilesCorrected(), isolated(n, 4), 0.10 * n.spCycles4TilesCorrected(), n.cliName());
        }
    }

    @Test
    void twoToFourTileSpeedUpsWithinPointOne() {
        for (MocaNetwork n : MocaNetwork.values()) {
            if (n == MocaNetwork.YOLOLITE) continue;
            double artifact = (double) n.spCycles2TilesCorrected() / n.spCycles4TilesCorrected();
            double model = isolated(n, 2) / isolated(n, 4);
            double tolerance = n == MocaNetwork.SQUEEZENET ? 0.2 : 0.1;
            assertEquals(artifact, model, tolerance, n.cliName());
        }
    }

    @Test
    void scalingIsSubLinearAndMonotone() {
        for (MocaNetwork n : MocaNetwork.values()) {
            double t1 = isolated(n, 1), t2 = isolated(n, 2), t4 = isolated(n, 4), t8 = isolated(n, 8);
            assertTrue(t1 > t2 && t2 > t4 && t4 > t8, n.cliName());
            // MoCA's measured doublings are 1.4-1.7x: nothing near linear
            assertTrue(t1 / t2 < 1.8 && t2 / t4 < 1.8 && t4 / t8 < 1.8, n.cliName() + " " + t1 / t2 + " " + t2 / t4 + " " + t4 / t8);
        }
    }

    @Test
    void theKwsAndYoloV2SwapIsUndoneOnlyForThem() {
        assertEquals(5_132_036, MocaNetwork.KWSNET.spCycles2TilesCorrected());
        assertEquals(9_058_914, MocaNetwork.YOLOV2.spCycles2TilesCorrected());
        assertEquals(3_314_037, MocaNetwork.KWSNET.spCycles4TilesCorrected());
        assertEquals(6_203_714, MocaNetwork.YOLOV2.spCycles4TilesCorrected());
        assertEquals(MocaNetwork.RESNET50.spCycles2Tiles(), MocaNetwork.RESNET50.spCycles2TilesCorrected());
    }
}

package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The seven networks of MoCA's evaluation, in the runtime's id order (1-based ids 1..7), with the
 * constants its artifact configures for each: isolated latencies used to space arrivals
 * ({@code sp_cycles}), single-program times of the STP script ({@code app_single}), the 1- and 2-tile
 * predictions the dispatcher uses, absolute targets, the measured 1-tile latency, and the block
 * structure (resumable layer ranges) that co-location and Planaria cut at. All cycles at 1 GHz.
 */
public enum MocaNetwork {
    //          cli name     layers  sp 2 tiles  sp 4 tiles  app_single  sp predict  tp predict  target     measured 1 tile  block ends          heavy forcedOff parts
    RESNET50("resnet50", 54, 15070506, 9829820, 14186582, 23501374, 12550809, 50000000, 24280131, new int[]{12, 25, 44, 54}, 3, false, 10),
    ALEXNET("alexnet", 10, 8382324, 5539067, 7451485, 12112825, 7893404, 33333334, 12399350, new int[]{5, 10}, 1, false, 5),
    GOOGLENET("googlenet", 58, 7070440, 4923351, 6838849, 8979902, 4612764, 33333334, 11402044, new int[]{3, 58}, -1, false, 5),
    SQUEEZENET("squeezenet", 26, 2608024, 1538641, 2514085, 2247964, 1145303, 10000000, 3959413, new int[]{26}, -1, true, 2),
    KWSNET("kwsnet", 25, 9058914, 6203714, 4940160, 6303369, 3615590, 33333334, 8450305, new int[]{14, 25}, -1, false, 5),
    YOLOV2("yolov2", 19, 5132036, 3314037, 8730125, 13494690, 7127908, 16666667, 14888862, new int[]{4, 13, 19}, 2, false, 5),
    YOLOLITE("yololite", 7, 1678161, 1998578, 1414779, 1511060, 799912, 10000000, 2307236, new int[]{7}, -1, true, 2);

    /**
     * KWS's blocks when it runs on one tile (a co-location partner): layers 1-12 and 13-25. Kept
     * public for existing callers; {@link #blockEndLayerOnOneTile} is the read-only form.
     */
    public static final int[] KWS_ONE_TILE_BLOCK_ENDS = {12, 25};

    private static final MocaNetwork[] BY_ID = values();

    private final String cliName;
    private final int layerCount;
    private final long spCycles2Tiles;
    private final long spCycles4Tiles;
    private final long appSingleCycles;
    private final long spPredictionCycles;
    private final long tpPredictionCycles;
    private final long targetCycles;
    private final double measuredOneTileCycles;
    private final int[] blockEndLayers;
    private final int memoryHeavyBlock;
    private final boolean regulationForcedOff;
    private final int partCount;

    MocaNetwork(String cliName, int layerCount, long spCycles2Tiles, long spCycles4Tiles, long appSingleCycles,
                long spPredictionCycles, long tpPredictionCycles, long targetCycles, double measuredOneTileCycles,
                int[] blockEndLayers, int memoryHeavyBlock, boolean regulationForcedOff, int partCount) {
        this.cliName = cliName;
        this.layerCount = layerCount;
        this.spCycles2Tiles = spCycles2Tiles;
        this.spCycles4Tiles = spCycles4Tiles;
        this.appSingleCycles = appSingleCycles;
        this.spPredictionCycles = spPredictionCycles;
        this.tpPredictionCycles = tpPredictionCycles;
        this.targetCycles = targetCycles;
        this.measuredOneTileCycles = measuredOneTileCycles;
        this.blockEndLayers = blockEndLayers;
        this.memoryHeavyBlock = memoryHeavyBlock;
        this.regulationForcedOff = regulationForcedOff;
        this.partCount = partCount;
    }

    /** The runtime's 1-based workload type. */
    public int id() { return ordinal() + 1; }

    public String cliName() { return cliName; }

    public static MocaNetwork byId(int id) {
        if (id < 1 || id > BY_ID.length) throw BadInputException.at("network id", id + " is not in 1.." + BY_ID.length);
        return BY_ID[id - 1];
    }

    public static MocaNetwork byName(String name) {
        for (MocaNetwork n : BY_ID) if (n.cliName.equals(name)) return n;
        throw BadInputException.at("model '" + name + "'", "unknown MoCA network; known: " + names());
    }

    public static String names() { return Arrays.stream(BY_ID).map(MocaNetwork::cliName).collect(Collectors.joining(", ")); }

    /** Conv/matmul layers: the runtime's layer counter. */
    public int layerCount() { return layerCount; }

    /** {@code sp_cycles} for the 2-tile build, as configured (KWS and YOLOv2 swapped, see {@link #spCycles2TilesCorrected()}). */
    public long spCycles2Tiles() { return spCycles2Tiles; }

    /** {@code sp_cycles} for the 4-tile build, as configured (KWS and YOLOv2 swapped). */
    public long spCycles4Tiles() { return spCycles4Tiles; }

    /** 2-tile isolated time with the artifact's KWS/YOLOv2 swap undone: what the model calibrates to. */
    public long spCycles2TilesCorrected() { return swapped().spCycles2Tiles; }

    /** 4-tile isolated time with the KWS/YOLOv2 swap undone. */
    public long spCycles4TilesCorrected() { return swapped().spCycles4Tiles; }

    private MocaNetwork swapped() {
        return this == KWSNET ? YOLOV2 : this == YOLOV2 ? KWSNET : this;
    }

    /** Single-program time the STP/fairness script divides by. */
    public long appSingleCycles() { return appSingleCycles; }

    /** Predicted 1-tile time ({@code sp_prediction_cycles}): the dispatcher's aging divisor. */
    public long spPredictionCycles() { return spPredictionCycles; }

    /** Predicted 2-tile time ({@code tp_prediction_cycles}): dispatch bookkeeping, togo, latency floor. */
    public long tpPredictionCycles() { return tpPredictionCycles; }

    /** Absolute target at QoS-M (scale 1.0). */
    public long targetCycles() { return targetCycles; }

    /** Mean of 7 isolated FireSim runs on one tile. */
    public double measuredOneTileCycles() { return measuredOneTileCycles; }

    public int blockCount() { return blockEndLayers.length; }

    /** 1-based inclusive last layer of 0-based {@code block} in a 2-tile run (KWS on one tile: {@link #blockEndLayerOnOneTile}). */
    public int blockEndLayer(int block) {
        if (block < 0 || block >= blockEndLayers.length) {
            throw BadInputException.at(cliName + " block", block + " is not in 0.." + (blockEndLayers.length - 1));
        }
        return blockEndLayers[block];
    }

    /** Like {@link #blockEndLayer} for a run on one tile (a co-location partner): differs only for KWS (12, 25). */
    public int blockEndLayerOnOneTile(int block) {
        if (this != KWSNET) return blockEndLayer(block);
        if (block < 0 || block >= KWS_ONE_TILE_BLOCK_ENDS.length) {
            throw BadInputException.at(cliName + " block", block + " is not in 0.." + (KWS_ONE_TILE_BLOCK_ENDS.length - 1));
        }
        return KWS_ONE_TILE_BLOCK_ENDS[block];
    }

    /** 0-based index of the block co-location moves to one tile, or -1. */
    public int memoryHeavyBlock() { return memoryHeavyBlock; }

    /** The runtime passes "no regulation" for this network whatever the policy (SqueezeNet, YOLO-Lite). */
    public boolean regulationForcedOff() { return regulationForcedOff; }

    /** Planaria's number of parts. */
    public int partCount() { return partCount; }
}

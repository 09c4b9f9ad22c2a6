package dev.cotenant.simulator.moca;

import java.util.Arrays;

/**
 * A MoCA request trace: per request (sorted by arrival) its arrival in cycles, its network (the
 * {@link MocaNetwork} ordinal), its priority level (0-11; MoCA's weights use level + 1) and its
 * absolute latency target in cycles. Immutable; the arrays are read through accessors so a trace
 * can be shared by threads.
 */
public final class MocaTrace {
    private final String name;
    private final long[] arrivalCycles;
    private final int[] network;
    private final int[] priorityLevel;
    private final long[] targetCycles;

    public MocaTrace(String name, long[] arrivalCycles, int[] network, int[] priorityLevel, long[] targetCycles) {
        int n = arrivalCycles.length;
        if (network.length != n || priorityLevel.length != n || targetCycles.length != n) {
            throw new IllegalArgumentException("trace arrays differ in length");
        }
        for (int i = 0; i < n; i++) {
            if (i > 0 && arrivalCycles[i] < arrivalCycles[i - 1]) throw new IllegalArgumentException("request " + i + " arrives before request " + (i - 1));
            if (network[i] < 0 || network[i] >= MocaNetwork.values().length) throw new IllegalArgumentException("request " + i + ": network " + network[i]);
            if (priorityLevel[i] < 0 || priorityLevel[i] > 11) throw new IllegalArgumentException("request " + i + ": priority level " + priorityLevel[i]);
        }
        this.name = name;
        this.arrivalCycles = arrivalCycles.clone();
        this.network = network.clone();
        this.priorityLevel = priorityLevel.clone();
        this.targetCycles = targetCycles.clone();
    }

    public String name() { return name; }
    public int size() { return arrivalCycles.length; }
    public long arrivalCycles(int r) { return arrivalCycles[r]; }
    public int network(int r) { return network[r]; }
    public MocaNetwork networkOf(int r) { return MocaNetwork.values()[network[r]]; }
    public int priorityLevel(int r) { return priorityLevel[r]; }
    public long targetCycles(int r) { return targetCycles[r]; }

    /** Last arrival minus first: the span the offered load is measured over. */
    public long spanCycles() { return arrivalCycles[size() - 1] - arrivalCycles[0]; }

    /** Requests per network ordinal. */
    public int[] countsPerNetwork() {
        int[] counts = new int[MocaNetwork.values().length];
        for (int t : network) counts[t]++;
        return counts;
    }

    /**
     * Offered load as MoCA's notes define it: the summed 2-tile isolated time (configured
     * {@code sp_cycles}, with KWS's and YOLOv2's swapped entries put back) over four 2-tile
     * partitions times the span.
     */
    public double offeredLoad() {
        double work = 0;
        for (int t : network) work += swapCorrectedTwoTileCycles(MocaNetwork.values()[t]);
        return work / (4.0 * spanCycles());
    }

    static double swapCorrectedTwoTileCycles(MocaNetwork n) {
        if (n == MocaNetwork.KWSNET) return MocaNetwork.YOLOV2.spCycles2Tiles();
        if (n == MocaNetwork.YOLOV2) return MocaNetwork.KWSNET.spCycles2Tiles();
        return n.spCycles2Tiles();
    }

    @Override
    public String toString() {
        return name + " (" + size() + " requests, counts " + Arrays.toString(countsPerNetwork()) + ", span " + spanCycles() + " cycles)";
    }
}

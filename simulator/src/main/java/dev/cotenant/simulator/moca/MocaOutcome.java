package dev.cotenant.simulator.moca;

import java.util.Arrays;

/**
 * What one run did to each request: when it first started and finally finished (cycles on the
 * simulated timeline), the latency the runtime logged (the metrics' input: physically
 * {@code finish - arrival}; under the artifact runtime its bookkeeping clock, 1000-cycle and
 * {@code tp_prediction} floors included) and whether the target was met ({@code target > logged},
 * strict as MoCA's script). Reused across runs by one thread: arrays grow, never shrink.
 */
public final class MocaOutcome {
    private int size;
    private double[] startCycles = new double[0];
    private double[] finishCycles = new double[0];
    private double[] loggedLatencyCycles = new double[0];
    private boolean[] met = new boolean[0];
    private boolean[] ran = new boolean[0];
    private long events;
    private double makespanCycles;

    void reset(int requests) {
        if (startCycles.length < requests) {
            startCycles = new double[requests];
            finishCycles = new double[requests];
            loggedLatencyCycles = new double[requests];
            met = new boolean[requests];
            ran = new boolean[requests];
        }
        size = requests;
        Arrays.fill(startCycles, 0, requests, Double.NaN);
        Arrays.fill(finishCycles, 0, requests, Double.NaN);
        Arrays.fill(loggedLatencyCycles, 0, requests, 0);
        Arrays.fill(met, 0, requests, false);
        Arrays.fill(ran, 0, requests, false);
        events = 0;
        makespanCycles = 0;
    }

    void record(int r, double start, double finish, double loggedLatency, long target, boolean didRun) {
        startCycles[r] = start;
        finishCycles[r] = finish;
        loggedLatencyCycles[r] = loggedLatency;
        met[r] = target > loggedLatency;
        ran[r] = didRun;
    }

    void finishRun(long eventCount, double makespan) {
        events = eventCount;
        makespanCycles = makespan;
    }

    public int size() { return size; }
    /** First cycle any of its layers ran; NaN if it never ran (the artifact runtime's never-run YOLO-Lite). */
    public double startCycles(int r) { return startCycles[r]; }
    /** Cycle its last executed layer ended; NaN if it never ran. */
    public double finishCycles(int r) { return finishCycles[r]; }
    public double loggedLatencyCycles(int r) { return loggedLatencyCycles[r]; }
    public boolean met(int r) { return met[r]; }
    /** False only for requests the artifact runtime logs without running them. */
    public boolean ran(int r) { return ran[r]; }
    /** Kernel events (layer starts and ends, waits) of the run: the unit of the benchmark's rate. */
    public long events() { return events; }
    /** The last cycle anything ran. */
    public double makespanCycles() { return makespanCycles; }

    /** A copy of the logged latencies (for metrics and tests). */
    public double[] loggedLatencies() { return Arrays.copyOf(loggedLatencyCycles, size); }
}

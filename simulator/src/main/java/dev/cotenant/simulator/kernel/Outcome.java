package dev.cotenant.simulator.kernel;

/**
 * What happened to each request of one run: when it was admitted and when it finished. Reusable
 * across runs (the kernel grows it only when a longer trace comes).
 */
public final class Outcome {
    int size;
    double[] admittedSeconds = new double[0];
    double[] finishSeconds = new double[0];
    boolean[] dropped = new boolean[0];
    int droppedCount;
    double busySeconds;
    long layerSteps;
    long switches;

    void reset(int requestCount) {
        size = requestCount;
        if (finishSeconds.length < requestCount) {
            admittedSeconds = new double[requestCount];
            finishSeconds = new double[requestCount];
            dropped = new boolean[requestCount];
        } else {
            java.util.Arrays.fill(dropped, 0, requestCount, false);
        }
        droppedCount = 0;
        busySeconds = 0;
        layerSteps = 0;
        switches = 0;
    }

    public int size() { return size; }
    /** When the kernel admitted the request (at or after its arrival, and after its predecessors finished); NaN if it was dropped before. */
    public double admittedSeconds(int request) { return admittedSeconds[request]; }
    /** When the request finished, or, if it was dropped, when it was dropped. */
    public double finishSeconds(int request) { return finishSeconds[request]; }

    /** Whether the kernel gave up on the request (see {@link DropRule}); it then never finished. */
    public boolean dropped(int request) { return dropped[request]; }

    /** Requests dropped in this run. */
    public int droppedCount() { return droppedCount; }

    /** Time the accelerator spent running layers and switching. */
    public double busySeconds() { return busySeconds; }

    /** Layers run in this run. */
    public long layerSteps() { return layerSteps; }

    /** Times the running request changed (each costs the kernel's switch cost). */
    public long switches() { return switches; }
}

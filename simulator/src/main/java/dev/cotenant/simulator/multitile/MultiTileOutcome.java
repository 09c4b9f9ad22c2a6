package dev.cotenant.simulator.multitile;

/**
 * What happened in one multi-tile run: per request its first start and finish, and run totals the
 * conservation tests and the benchmark read. Reusable across runs.
 */
public final class MultiTileOutcome {
    int size;
    double[] firstStartSeconds = new double[0];
    double[] finishSeconds = new double[0];
    long events;
    long layersRun;
    double bytesMoved;
    double bytesOfLayersRun;
    double busyTileSeconds;
    double busSaturatedSeconds;
    long regulatorChanges;
    long preemptions;

    void reset(int n) {
        size = n;
        if (finishSeconds.length < n) {
            firstStartSeconds = new double[n];
            finishSeconds = new double[n];
        }
        java.util.Arrays.fill(firstStartSeconds, 0, n, Double.NaN);
        events = 0;
        layersRun = 0;
        bytesMoved = 0;
        bytesOfLayersRun = 0;
        busyTileSeconds = 0;
        busSaturatedSeconds = 0;
        regulatorChanges = 0;
        preemptions = 0;
    }

    public int size() { return size; }
    public double firstStartSeconds(int r) { return firstStartSeconds[r]; }
    public double finishSeconds(int r) { return finishSeconds[r]; }
    /** Kernel steps: each advances time to the next arrival or layer end. */
    public long events() { return events; }
    public long layersRun() { return layersRun; }
    /** Bytes integrated over time from the progress rates: must equal {@link #bytesOfLayersRun()}. */
    public double bytesMoved() { return bytesMoved; }
    /** Sum of {@code M(k)} over the layers run, each on the tiles it ran on. */
    public double bytesOfLayersRun() { return bytesOfLayersRun; }
    /** Integral of tiles held over time. */
    public double busyTileSeconds() { return busyTileSeconds; }
    /** Time during which granted bandwidth summed to all the bus delivered (within 1e-9): asks exceeded it. */
    public double busSaturatedSeconds() { return busSaturatedSeconds; }
    public long regulatorChanges() { return regulatorChanges; }
    public long preemptions() { return preemptions; }
}

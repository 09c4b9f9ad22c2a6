package dev.cotenant.simulator.kernel;

/**
 * What a scheduler may read at a decision: the admitted requests (in admission order) and, per
 * request id, the quantities of docs/schedulers.md. Every accessor is a few array reads, so the JIT
 * inlines them into the schedulers' scans; nothing here allocates.
 */
public final class DecisionState {
    // per run, from the compiled trace
    private CompiledWorkload workload;
    private double[] arrivalSeconds;
    private double[] deadlineSeconds;
    private double[] priority;
    private int[] rowStart;
    private int[] estimateStart;
    private double[] layerSeconds;
    private double[] realRemaining;
    private double[] estimateLayer;
    private double[] estimateRemaining;
    private boolean monitor;
    private int estimatorOrdinal;
    private int lastLayers;
    private int[] stream;

    // mutable kernel state, owned by the kernel
    double nowSeconds;
    int[] admitted = new int[0];
    int admittedCount;
    int[] nextLayer = new int[0];
    double[] lastRunSeconds = new double[0];

    // real-time scratch (dependencies, drops), set up by beginRealtime
    static final byte NOT_ARRIVED = 0, ARRIVED = 1, ADMITTED = 2, FINISHED = 3, DROPPED = 4;
    byte[] status = new byte[0];
    int[] waitingFor = new int[0];
    int[] latestOfStream = new int[0];
    int[] dropStack = new int[0];
    int resolved;
    private double[] streamRatePerSecond;

    void begin(CompiledTrace trace, Scheduler scheduler, KernelOptions options) {
        CompiledWorkload w = trace.workload;
        workload = w;
        arrivalSeconds = trace.arrivalSeconds;
        deadlineSeconds = trace.deadlineSeconds;
        priority = trace.priority;
        rowStart = trace.rowStart;
        estimateStart = trace.estimateStart;
        layerSeconds = w.layerSeconds;
        realRemaining = w.realRemainingSeconds;
        estimateLayer = scheduler.patternAware() ? w.ownMeanLayerSeconds : w.archMeanLayerSeconds;
        estimateRemaining = scheduler.patternAware() ? w.ownMeanRemainingSeconds : w.archMeanRemainingSeconds;
        monitor = scheduler.usesMonitor();
        estimatorOrdinal = options.estimator().ordinal();
        lastLayers = options.lastLayers();
        int n = trace.size;
        if (admitted.length < n) {
            admitted = new int[n];
            nextLayer = new int[n];
            lastRunSeconds = new double[n];
        }
        admittedCount = 0;
        nowSeconds = 0;
        streamRatePerSecond = trace.streamRatePerSecond;
        stream = trace.stream;
        java.util.Arrays.fill(nextLayer, 0, n, 0);
    }

    /** Sets up the scratch of dependencies and drops for a run of {@code trace}. */
    void beginRealtime(CompiledTrace trace) {
        int n = trace.size;
        if (status.length < n) {
            status = new byte[n];
            waitingFor = new int[n];
            dropStack = new int[n];
        }
        if (latestOfStream.length < trace.streamCount) latestOfStream = new int[trace.streamCount];
        java.util.Arrays.fill(status, 0, n, NOT_ARRIVED);
        java.util.Arrays.fill(latestOfStream, 0, trace.streamCount, -1);
        if (trace.dependencyStart != null) {
            for (int r = 0; r < n; r++) waitingFor[r] = trace.dependencyStart[r + 1] - trace.dependencyStart[r];
        } else {
            java.util.Arrays.fill(waitingFor, 0, n, 0);
        }
        resolved = 0;
    }

    /**
     * Drops request {@code r} (not finished, not dropped) at {@code t}, and with it every request
     * that waits for it, directly or not; none of those is admitted, since a request is admitted
     * only once all it waits for have finished. Removing {@code r} from the admitted list is the
     * caller's job.
     */
    void drop(int r, double t, Outcome outcome, CompiledTrace trace) {
        int top = 0;
        dropStack[top++] = r;
        boolean rootAdmitted = status[r] == ADMITTED;
        status[r] = DROPPED;
        while (top > 0) {
            int q = dropStack[--top];
            if (q != r || !rootAdmitted) outcome.admittedSeconds[q] = Double.NaN; // never admitted
            outcome.dropped[q] = true;
            outcome.finishSeconds[q] = t;
            outcome.droppedCount++;
            resolved++;
            if (trace.dependantStart == null) continue;
            for (int k = trace.dependantStart[q], end = trace.dependantStart[q + 1]; k < end; k++) {
                int d = trace.dependants[k];
                if (status[d] != DROPPED) {
                    status[d] = DROPPED;
                    dropStack[top++] = d;
                }
            }
        }
    }

    public int admittedCount() { return admittedCount; }

    /** Request id at position {@code position} of the admission order. */
    public int requestAt(int position) { return admitted[position]; }

    public double nowSeconds() { return nowSeconds; }
    public double arrivalSeconds(int request) { return arrivalSeconds[request]; }
    public double deadlineSeconds(int request) { return deadlineSeconds[request]; }
    public double priority(int request) { return priority[request]; }
    public int layersRun(int request) { return nextLayer[request]; }

    /** Frames per second of the request's stream (its model) over the trace; 0 if the stream has one request. */
    public double streamRatePerSecond(int request) { return streamRatePerSecond[stream[request]]; }

    /** {@code deadline - now}. */
    public double slackSeconds(int request) { return deadlineSeconds[request] - nowSeconds; }

    /** {@code now - lastRun}, where {@code lastRun} starts at the arrival. */
    public double idleSeconds(int request) { return nowSeconds - lastRunSeconds[request]; }

    /** Static estimate of the layers not yet run. */
    public double estRemainingSeconds(int request) { return estimateRemaining[estimateStart[request] + nextLayer[request]]; }

    /** Static estimate of all layers. */
    public double estIsolatedSeconds(int request) { return estimateRemaining[estimateStart[request]]; }

    /** Static estimate of the next layer to run. */
    public double estNextLayerSeconds(int request) { return estimateLayer[estimateStart[request] + nextLayer[request]]; }

    /** Real latency of the layers not yet run (what only an oracle knows). */
    public double realRemainingSeconds(int request) { return realRemaining[rowStart[request] + nextLayer[request]]; }

    public double realIsolatedSeconds(int request) { return realRemaining[rowStart[request]]; }

    /** Real latency of the request's next layer. */
    public double realNextLayerSeconds(int request) { return layerSeconds[rowStart[request] + nextLayer[request]]; }

    /** The monitor's correction factor for the static estimate; 1 for schedulers without a monitor and before any layer ran. */
    public double gamma(int request) {
        int k = nextLayer[request];
        if (!monitor || k == 0) return 1;
        return workload.gamma(estimatorOrdinal, rowStart[request], estimateStart[request], k, lastLayers);
    }

    /** The compiled workload of the current run, whose row slots {@link #rowStart} indexes. */
    public CompiledWorkload workload() { return workload; }

    /** Slot of layer 0 of the request's row in the workload's per-row arrays. */
    public int rowStart(int request) { return rowStart[request]; }
}

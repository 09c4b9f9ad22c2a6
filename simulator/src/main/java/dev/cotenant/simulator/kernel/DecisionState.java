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

    // mutable kernel state, owned by the kernel
    double nowSeconds;
    int[] admitted = new int[0];
    int admittedCount;
    int[] nextLayer = new int[0];
    double[] lastRunSeconds = new double[0];

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
        java.util.Arrays.fill(nextLayer, 0, n, 0);
    }

    public int admittedCount() { return admittedCount; }

    /** Request id at position {@code position} of the admission order. */
    public int requestAt(int position) { return admitted[position]; }

    public double nowSeconds() { return nowSeconds; }
    public double arrivalSeconds(int request) { return arrivalSeconds[request]; }
    public double deadlineSeconds(int request) { return deadlineSeconds[request]; }
    public double priority(int request) { return priority[request]; }
    public int layersRun(int request) { return nextLayer[request]; }

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

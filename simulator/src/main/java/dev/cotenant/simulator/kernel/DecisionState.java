package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.estimate.LatencyEstimator;

/**
 * What a scheduler may read at a decision: the admitted requests (in admission order) and, per
 * request id, the quantities of SCHEDULERS.md. Every accessor is a few array reads, so the JIT
 * inlines them into the schedulers' scans; nothing here allocates.
 */
public final class DecisionState {
    // per run, from the compiled trace
    private double[] arrivalSeconds;
    private double[] deadlineSeconds;
    private double[] priority;
    private int[] rowStart;
    private int[] estimateStart;
    private double[] layerSeconds;
    private double[] realRemaining;
    private double[] ratio;
    private double[] ratioPrefix;
    private double[] estimateLayer;
    private double[] estimateRemaining;
    private double[] regressionIntercept;
    private double[] regressionSlope;
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
        arrivalSeconds = trace.arrivalSeconds;
        deadlineSeconds = trace.deadlineSeconds;
        priority = trace.priority;
        rowStart = trace.rowStart;
        estimateStart = trace.estimateStart;
        layerSeconds = w.layerSeconds;
        realRemaining = w.realRemainingSeconds;
        ratio = w.sparsityRatio;
        ratioPrefix = w.sparsityRatioPrefix;
        estimateLayer = scheduler.patternAware() ? w.ownMeanLayerSeconds : w.archMeanLayerSeconds;
        estimateRemaining = scheduler.patternAware() ? w.ownMeanRemainingSeconds : w.archMeanRemainingSeconds;
        regressionIntercept = w.regressionIntercept;
        regressionSlope = w.regressionSlope;
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
        int row = rowStart[request];
        switch (estimatorOrdinal) {
            case 0: // SPARSITY_MONITOR
                return ratioPrefix[row + k] / k;
            case 1: // LAST_LAYER
                return ratio[row + k - 1];
            case 2: { // LAST_N
                int from = Math.max(0, k - lastLayers);
                return (ratioPrefix[row + k] - ratioPrefix[row + from]) / (k - from);
            }
            default: { // LINEAR_REGRESSION
                int e = estimateStart[request] + k;
                return regressionIntercept[e] + regressionSlope[e] * (ratioPrefix[row + k] / k);
            }
        }
    }

    static {
        // gamma() switches on ordinals; fail fast if the enum is reordered.
        if (LatencyEstimator.SPARSITY_MONITOR.ordinal() != 0 || LatencyEstimator.LAST_LAYER.ordinal() != 1
                || LatencyEstimator.LAST_N.ordinal() != 2 || LatencyEstimator.LINEAR_REGRESSION.ordinal() != 3) {
            throw new AssertionError("LatencyEstimator order changed; update DecisionState.gamma");
        }
    }
}

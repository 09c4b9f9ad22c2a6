package dev.cotenant.simulator.multitile;

/**
 * What a {@link MultiTilePolicy} reads and does at a decision. The kernel owns it and calls the
 * policy at every event (arrival, layer end) once it has applied the event.
 *
 * <p>Requests the policy sees are <i>waiting</i> (arrived, holding no tiles; preempted requests
 * come back here with their progress) or <i>running</i> (holding tiles). A running request is
 * <i>at a layer boundary</i> when its last layer just ended or it was just started: only then may
 * the policy preempt it or change its tile count, since a layer in flight keeps its tiles (MoCA's
 * and Planaria's reconfiguration points). Regulator caps may change at any decision.
 *
 * <p>Actions that break these rules are policy bugs and throw {@link IllegalStateException}.
 * Every accessor is an array read or a short sum; nothing allocates.
 */
public final class MultiTileState {
    static final byte NOT_ARRIVED = 0, WAITING = 1, RUNNING = 2, DONE = 3;

    MultiTileTrace trace;
    MultiTileWorkload workload;
    String policyName;
    int tiles;
    double bandwidth;

    double nowSeconds;
    int freeTiles;
    byte[] phase = new byte[0];
    int[] nextLayer = new int[0];
    int[] tilesHeld = new int[0];
    boolean[] atBoundary = new boolean[0];
    double[] capBytesPerSecond = new double[0];
    double[] grantBytesPerSecond = new double[0];
    double[] lastRunSeconds = new double[0];
    double[] monitoredComputeSeconds = new double[0];
    double[] estimatedComputeSeconds = new double[0];
    int[] waiting = new int[0];
    int waitingCount;
    int[] running = new int[0];
    int runningCount;
    long regulatorChanges;
    long preemptions;

    void begin(MultiTileTrace trace, String policyName) {
        this.trace = trace;
        workload = trace.workload;
        this.policyName = policyName;
        tiles = workload.tiles;
        bandwidth = workload.hardware.dramBytesPerSecond();
        int n = trace.size;
        if (phase.length < n) {
            phase = new byte[n];
            nextLayer = new int[n];
            tilesHeld = new int[n];
            atBoundary = new boolean[n];
            capBytesPerSecond = new double[n];
            grantBytesPerSecond = new double[n];
            lastRunSeconds = new double[n];
            monitoredComputeSeconds = new double[n];
            estimatedComputeSeconds = new double[n];
            waiting = new int[n];
        }
        if (running.length < tiles) running = new int[tiles];
        java.util.Arrays.fill(phase, 0, n, NOT_ARRIVED);
        java.util.Arrays.fill(nextLayer, 0, n, 0);
        java.util.Arrays.fill(tilesHeld, 0, n, 0);
        java.util.Arrays.fill(atBoundary, 0, n, false);
        java.util.Arrays.fill(capBytesPerSecond, 0, n, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(grantBytesPerSecond, 0, n, 0);
        java.util.Arrays.fill(monitoredComputeSeconds, 0, n, 0);
        java.util.Arrays.fill(estimatedComputeSeconds, 0, n, 0);
        nowSeconds = 0;
        freeTiles = tiles;
        waitingCount = 0;
        runningCount = 0;
        regulatorChanges = 0;
        preemptions = 0;
    }

    // ------------------------------------------------------------------ reads

    public double nowSeconds() { return nowSeconds; }
    public int tiles() { return tiles; }
    public int freeTiles() { return freeTiles; }
    public double bandwidthBytesPerSecond() { return bandwidth; }
    public MultiTileHardware hardware() { return workload.hardware; }
    public int requestCount() { return trace.size; }

    public int waitingCount() { return waitingCount; }
    /** Waiting request at {@code position}, in the order they arrived or were preempted. */
    public int waitingAt(int position) { return waiting[position]; }
    public int runningCount() { return runningCount; }
    public int runningAt(int position) { return running[position]; }

    public boolean isRunning(int r) { return phase[r] == RUNNING; }
    public boolean isWaiting(int r) { return phase[r] == WAITING; }
    public boolean atLayerBoundary(int r) { return phase[r] == RUNNING && atBoundary[r]; }
    public int tilesOf(int r) { return tilesHeld[r]; }
    /** Layers finished; while running, also the index of the layer in flight or about to start. */
    public int layersRun(int r) { return nextLayer[r]; }
    public int layerCount(int r) { return workload.layerCount[trace.model[r]]; }
    public int requiredTiles(int r) { return trace.requiredTiles[r]; }

    public double arrivalSeconds(int r) { return trace.arrivalSeconds[r]; }
    public double deadlineSeconds(int r) { return trace.deadlineSeconds[r]; }
    public double slackSeconds(int r) { return trace.deadlineSeconds[r] - nowSeconds; }
    public double priority(int r) { return trace.priority[r]; }
    /** {@code now - lastRun}; {@code lastRun} starts at the arrival and is now while the request runs. */
    public double idleSeconds(int r) { return phase[r] == RUNNING ? 0 : nowSeconds - lastRunSeconds[r]; }

    /** Static estimate of the layers not yet finished, alone on {@code k} tiles with the whole bus. */
    public double estRemainingSeconds(int r, int k) {
        return workload.estRemainingSeconds[workload.estimateIndex(trace.model[r], nextLayer[r], k)];
    }

    /** Static estimate of the whole request alone on {@code k} tiles. */
    public double estIsolatedSeconds(int r, int k) { return workload.estIsolatedSeconds(trace.model[r], k); }

    /** Static compute seconds of the layers not yet finished on {@code k} tiles. */
    public double estRemainingComputeSeconds(int r, int k) {
        return workload.estRemainingComputeSeconds[workload.estimateIndex(trace.model[r], nextLayer[r], k)];
    }

    /** DRAM bytes of the layers not yet finished on {@code k} tiles (bytes do not depend on the sample). */
    public double remainingBytes(int r, int k) {
        return workload.remainingBytes[workload.estimateIndex(trace.model[r], nextLayer[r], k)];
    }

    /**
     * Bandwidth the layer in flight (or about to start) asks to run at compute speed on {@code k}
     * tiles, from its static estimate: {@code min(M / C, B)}. 0 once the request has finished.
     */
    public double estLayerDemandBytesPerSecond(int r, int k) {
        int model = trace.model[r];
        int layer = nextLayer[r];
        if (layer >= workload.layerCount[model]) return 0;
        int i = workload.layerIndex(model, layer, k);
        return demand(workload.computeSeconds[i] * workload.meanComputeScale[workload.layerStart[model] + layer], workload.dramBytes[i], bandwidth);
    }

    /** The bus rule's demand: the rate at which {@code bytes} keep pace with {@code computeSeconds}, at most the whole bus. */
    static double demand(double computeSeconds, double bytes, double bandwidth) {
        if (bytes <= 0) return 0;
        return computeSeconds > 0 ? Math.min(bytes / computeSeconds, bandwidth) : bandwidth;
    }

    public double capBytesPerSecond(int r) { return capBytesPerSecond[r]; }
    /** Bandwidth granted at the last rate computation (0 if not running). */
    public double grantBytesPerSecond(int r) { return grantBytesPerSecond[r]; }

    /**
     * Dysta's sparsity monitor on this setting: measured over estimated compute of the layers run so
     * far (the same ratio on every tile count, since a sample scales a layer's compute uniformly);
     * 1 before any layer ran.
     */
    public double gamma(int r) { return estimatedComputeSeconds[r] > 0 ? monitoredComputeSeconds[r] / estimatedComputeSeconds[r] : 1; }

    // ------------------------------------------------------------------ actions

    /** Starts waiting request {@code r} on {@code k} free tiles; its next layer begins after the decision. */
    public void start(int r, int k) {
        if (phase[r] != WAITING) throw bug("start: request " + r + " is not waiting");
        if (k < trace.requiredTiles[r] || k > freeTiles) {
            throw bug("start: request " + r + " on " + k + " tiles (needs >= " + trace.requiredTiles[r] + ", " + freeTiles + " free)");
        }
        removeWaiting(r);
        phase[r] = RUNNING;
        tilesHeld[r] = k;
        freeTiles -= k;
        atBoundary[r] = true;
        running[runningCount++] = r;
    }

    /** Sends running request {@code r}, at a layer boundary, back to the waiting list; its tiles are freed. */
    public void preempt(int r) {
        if (!atLayerBoundary(r)) throw bug("preempt: request " + r + " is not at a layer boundary");
        removeRunning(r);
        freeTiles += tilesHeld[r];
        tilesHeld[r] = 0;
        atBoundary[r] = false;
        phase[r] = WAITING;
        lastRunSeconds[r] = nowSeconds;
        waiting[waitingCount++] = r;
        preemptions++;
    }

    /** Changes the tiles of running request {@code r} at a layer boundary to {@code k}. */
    public void resize(int r, int k) {
        if (!atLayerBoundary(r)) throw bug("resize: request " + r + " is not at a layer boundary");
        if (k < trace.requiredTiles[r] || k - tilesHeld[r] > freeTiles) {
            throw bug("resize: request " + r + " to " + k + " tiles (holds " + tilesHeld[r] + ", " + freeTiles + " free)");
        }
        freeTiles -= k - tilesHeld[r];
        tilesHeld[r] = k;
    }

    /** Sets request {@code r}'s regulator cap; {@code +inf} removes the throttle. Takes effect now. */
    public void setCap(int r, double bytesPerSecond) {
        if (!(bytesPerSecond > 0)) throw bug("setCap: request " + r + " cap must be positive, got " + bytesPerSecond);
        if (bytesPerSecond != capBytesPerSecond[r]) {
            capBytesPerSecond[r] = bytesPerSecond;
            regulatorChanges++;
        }
    }

    private IllegalStateException bug(String what) { return new IllegalStateException(policyName + ": " + what); }

    private void removeWaiting(int r) {
        for (int p = 0; p < waitingCount; p++) {
            if (waiting[p] == r) {
                System.arraycopy(waiting, p + 1, waiting, p, --waitingCount - p);
                return;
            }
        }
    }

    void removeRunning(int r) {
        for (int p = 0; p < runningCount; p++) {
            if (running[p] == r) {
                System.arraycopy(running, p + 1, running, p, --runningCount - p);
                return;
            }
        }
    }
}

package dev.cotenant.simulator.multitile;

/**
 * The event-driven multi-tile kernel. Between two events every running layer progresses at a
 * constant rate, so time jumps from event to event in closed form:
 * <ul>
 *   <li>a layer of compute time {@code C} (on its tiles, at full bandwidth) and bytes {@code M},
 *       granted {@code g} bytes/s, completes the fraction {@code min(1 / C, g / M)} of itself per
 *       second (the slower of compute and memory sets its pace, as double-buffered tiles overlap the two);</li>
 *   <li>grants come from {@link BandwidthSharing} (the bus delivers less the more streams compete, then
 *       max-min fair, work-conserving, capped by regulators);</li>
 *   <li>the next event is the earlier of the next arrival and the first layer end
 *       {@code remaining / rate}; at it the kernel applies the event, calls the policy, starts the
 *       next layers of requests at a boundary and recomputes every grant and rate.</li>
 * </ul>
 * Rates therefore change only at events: a layer starts or ends, a request arrives, or the policy
 * (which only acts at events) changes a regulator or a tile assignment.
 *
 * <p>One kernel per thread: it owns its scratch and allocates nothing per event (nor per run once its
 * arrays fit the longest trace seen).
 */
public final class MultiTileKernel {
    /** Relative time tolerance under which two layer ends count as one event. */
    static final double TIE_TOLERANCE = 1e-12;

    private final MultiTileState state = new MultiTileState();
    private double[] remainingFraction = new double[0];
    private double[] layerComputeSeconds = new double[0];
    private double[] layerBytes = new double[0];
    private double[] ask = new double[0];
    private double[] rate = new double[0];
    private double[] timeLeft = new double[0];

    public MultiTileOutcome run(MultiTileTrace trace, MultiTilePolicy policy) {
        MultiTileOutcome outcome = new MultiTileOutcome();
        run(trace, policy, outcome);
        return outcome;
    }

    public void run(MultiTileTrace trace, MultiTilePolicy policy, MultiTileOutcome outcome) {
        final int n = trace.size;
        outcome.reset(n);
        if (n == 0) return;
        final MultiTileState s = state;
        s.begin(trace, policy.name());
        ensureCapacity(n);
        policy.reset(s);
        final MultiTileWorkload w = trace.workload;
        final double bandwidth = s.bandwidth;
        final double loss = w.hardware.contentionLossPerExtraStream();
        final double[] arrival = trace.arrivalSeconds;
        final int[] model = trace.model;
        final int[] sample = trace.sample;
        final double[] finish = outcome.finishSeconds;
        final double[] firstStart = outcome.firstStartSeconds;
        final int[] running = s.running;
        final double[] remaining = remainingFraction;
        final double[] compute = layerComputeSeconds;
        final double[] bytes = layerBytes;
        final double[] grant = s.grantBytesPerSecond;

        double t = 0;
        int nextArrival = 0;
        int finished = 0;
        long events = 0;
        long layersRun = 0;
        double bytesMoved = 0;
        double bytesOfLayers = 0;
        double tileSeconds = 0;
        double saturatedSeconds = 0;
        while (finished < n) {
            while (nextArrival < n && arrival[nextArrival] <= t) {
                int r = nextArrival++;
                s.phase[r] = MultiTileState.WAITING;
                s.lastRunSeconds[r] = arrival[r];
                s.waiting[s.waitingCount++] = r;
            }
            s.nowSeconds = t;
            policy.decide(s);

            int count = s.runningCount;
            if (count == 0) {
                if (nextArrival < n) {
                    t = arrival[nextArrival];
                    continue;
                }
                throw new IllegalStateException(policy.name() + " left " + s.waitingCount + " requests waiting on "
                        + s.freeTiles + " free tiles with nothing running and no arrival to come");
            }
            for (int i = 0; i < count; i++) {
                int r = running[i];
                if (s.atBoundary[r]) {
                    int m = model[r];
                    int layer = s.nextLayer[r];
                    int k = s.tilesHeld[r];
                    int li = w.layerIndex(m, layer, k);
                    double scale = w.computeScale[w.sampleStart[m] + sample[r] * w.layerCount[m] + layer];
                    compute[r] = w.computeSeconds[li] * scale;
                    bytes[r] = w.dramBytes[li];
                    remaining[r] = 1;
                    s.atBoundary[r] = false;
                    if (Double.isNaN(firstStart[r])) firstStart[r] = t;
                    bytesOfLayers += bytes[r];
                    // the sparsity monitor's running sums, on the full-accelerator column (the ratio is the same on every k)
                    int full = w.layerIndex(m, layer, s.tiles);
                    s.monitoredComputeSeconds[r] += w.computeSeconds[full] * scale;
                    s.estimatedComputeSeconds[r] += w.computeSeconds[full] * w.meanComputeScale[w.layerStart[m] + layer];
                }
                ask[r] = Math.min(MultiTileState.demand(compute[r], bytes[r], bandwidth), s.capBytesPerSecond[r]);
            }
            double delivered = BandwidthSharing.share(bandwidth, loss, running, count, ask, grant);

            double dt = nextArrival < n ? arrival[nextArrival] - t : Double.POSITIVE_INFINITY;
            double granted = 0;
            for (int i = 0; i < count; i++) {
                int r = running[i];
                double computeRate = compute[r] > 0 ? 1 / compute[r] : Double.POSITIVE_INFINITY;
                double memoryRate = bytes[r] > 0 ? grant[r] / bytes[r] : Double.POSITIVE_INFINITY;
                rate[r] = Math.min(computeRate, memoryRate);
                timeLeft[r] = rate[r] == Double.POSITIVE_INFINITY ? 0 : remaining[r] / rate[r];
                if (timeLeft[r] < dt) dt = timeLeft[r];
                granted += grant[r];
            }
            events++;
            t += dt;
            // Layers ending within a relative 1e-12 of this step end with it: otherwise rounding in
            // rate x time leaves sub-picosecond steps that only add events (their bytes are counted in full).
            double endBy = dt + TIE_TOLERANCE * t;
            if (granted >= delivered * (1 - 1e-9)) saturatedSeconds += dt;
            int p = 0;
            while (p < s.runningCount) {
                int r = running[p];
                tileSeconds += s.tilesHeld[r] * dt;
                if (timeLeft[r] <= endBy) { // this layer ends now (the first to end, or tied with it)
                    bytesMoved += remaining[r] * bytes[r];
                    remaining[r] = 0;
                    layersRun++;
                    s.lastRunSeconds[r] = t;
                    if (++s.nextLayer[r] == w.layerCount[model[r]]) {
                        finish[r] = t;
                        finished++;
                        s.phase[r] = MultiTileState.DONE;
                        s.freeTiles += s.tilesHeld[r];
                        s.tilesHeld[r] = 0;
                        grant[r] = 0;
                        s.removeRunning(r);
                        continue; // running[p] now holds the next request
                    }
                    s.atBoundary[r] = true;
                } else {
                    double progress = rate[r] * dt;
                    remaining[r] -= progress;
                    bytesMoved += progress * bytes[r];
                }
                p++;
            }
        }
        outcome.events = events;
        outcome.layersRun = layersRun;
        outcome.bytesMoved = bytesMoved;
        outcome.bytesOfLayersRun = bytesOfLayers;
        outcome.busyTileSeconds = tileSeconds;
        outcome.busSaturatedSeconds = saturatedSeconds;
        outcome.regulatorChanges = s.regulatorChanges;
        outcome.preemptions = s.preemptions;
    }

    private void ensureCapacity(int n) {
        if (remainingFraction.length < n) {
            remainingFraction = new double[n];
            layerComputeSeconds = new double[n];
            layerBytes = new double[n];
            ask = new double[n];
            rate = new double[n];
            timeLeft = new double[n];
        }
    }
}

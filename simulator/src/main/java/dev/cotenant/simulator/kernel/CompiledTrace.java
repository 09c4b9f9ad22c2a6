package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.trace.Trace;

/**
 * A trace joined with its compiled workload: per request, where its rows live in the flat arrays.
 * Built once, shared read-only by every scheduler, candidate and thread that evaluates it.
 */
public final class CompiledTrace {
    final CompiledWorkload workload;
    final Trace trace;
    final int size;
    final double[] arrivalSeconds;
    final double[] deadlineSeconds;
    final double[] priority;
    final int[] rowStart;
    final int[] estimateStart;
    final int[] layerCount;
    /** Stream (model id) of each request: what a newer frame supersedes. */
    final int[] stream;
    final int streamCount;
    /** Frames per second of each stream as the trace shows it; 0 for a stream with fewer than two requests. */
    final double[] streamRatePerSecond;
    /** Predecessors of r: dependencies[dependencyStart[r] .. dependencyStart[r+1]); null without dependencies. */
    final int[] dependencyStart;
    final int[] dependencies;
    /** Dependants of r, in the same layout. */
    final int[] dependantStart;
    final int[] dependants;

    public CompiledTrace(CompiledWorkload workload, Trace trace) {
        this.workload = workload;
        this.trace = trace;
        size = trace.size();
        arrivalSeconds = new double[size];
        deadlineSeconds = new double[size];
        priority = new double[size];
        rowStart = new int[size];
        estimateStart = new int[size];
        layerCount = new int[size];
        stream = new int[size];
        int models = workload.directory.modelCount();
        streamCount = models;
        for (int r = 0; r < size; r++) {
            int model = trace.modelId(r);
            if (model < 0 || model >= models) {
                throw BadInputException.at("trace", "request " + r + " names model id " + model + ", not in the latency directory");
            }
            int samples = workload.directory.table(model).sampleCount();
            if (trace.sample(r) < 0 || trace.sample(r) >= samples) {
                throw BadInputException.at("trace", "request " + r + " names sample " + trace.sample(r) + " of "
                        + workload.directory.table(model).modelName() + ", which has samples 0.." + (samples - 1));
            }
            arrivalSeconds[r] = trace.arrivalSeconds(r);
            deadlineSeconds[r] = trace.deadlineSeconds(r);
            priority[r] = trace.priority(r);
            rowStart[r] = workload.rowStart(model, trace.sample(r));
            estimateStart[r] = workload.estimateStart(model);
            layerCount[r] = workload.layerCount(model);
            stream[r] = model;
        }
        streamRatePerSecond = streamRates(models);
        if (trace.hasDependencies()) {
            dependencyStart = new int[size + 1];
            dependantStart = new int[size + 1];
            int total = 0;
            for (int r = 0; r < size; r++) {
                int k = trace.dependencyCount(r);
                total += k;
                dependencyStart[r + 1] = total;
                for (int i = 0; i < k; i++) dependantStart[trace.dependency(r, i) + 1]++;
            }
            dependencies = new int[total];
            dependants = new int[total];
            for (int r = 0; r < size; r++) dependantStart[r + 1] += dependantStart[r];
            int[] fill = java.util.Arrays.copyOf(dependantStart, size);
            for (int r = 0; r < size; r++) {
                for (int i = 0; i < trace.dependencyCount(r); i++) {
                    int p = trace.dependency(r, i);
                    dependencies[dependencyStart[r] + i] = p;
                    dependants[fill[p]++] = r;
                }
            }
        } else {
            dependencyStart = null;
            dependencies = null;
            dependantStart = null;
            dependants = null;
        }
        checkTimeResolution();
    }

    /**
     * Refuses a trace whose times are so large that a double cannot resolve its requests' latencies
     * (a --rate of 1e-300 puts arrivals near 1e300 s, where finish minus arrival rounds to 0 and
     * every metric would be rounding noise): the resolution at the latest time must be finer than a
     * millionth of the shortest request.
     */
    private void checkTimeResolution() {
        double latest = 0, shortest = Double.POSITIVE_INFINITY, work = 0;
        for (int r = 0; r < size; r++) {
            if (!Double.isFinite(arrivalSeconds[r]) || Double.isNaN(deadlineSeconds[r])) {
                throw BadInputException.at("trace", "request " + r + " has arrival " + arrivalSeconds[r] + " s and deadline "
                        + deadlineSeconds[r] + " s; both must be finite numbers");
            }
            double isolated = realIsolatedSeconds(r);
            latest = Math.max(latest, arrivalSeconds[r]);
            shortest = Math.min(shortest, isolated);
            work += isolated;
        }
        if (size == 0) return;
        double end = latest + work;
        if (!Double.isFinite(end)) {
            throw BadInputException.at("trace", "its arrivals plus its requests' latencies (" + latest + " s + " + work
                    + " s) pass the largest double; use latencies and arrival times of a sane magnitude");
        }
        if (Math.ulp(end) > 1e-6 * shortest) {
            throw BadInputException.at("trace", String.format(java.util.Locale.ROOT, "times reach %.3g s, where a double resolves only %.3g s, "
                    + "too coarse for its shortest request (%.3g s): turnarounds would be rounding noise; use a higher arrival rate or earlier arrival_s",
                    end, Math.ulp(end), shortest));
        }
    }

    /** Per stream, (requests - 1) / (last arrival - first arrival): the frame rate a rate-monotonic order reads. */
    private double[] streamRates(int models) {
        double[] first = new double[models];
        double[] last = new double[models];
        int[] count = new int[models];
        for (int r = 0; r < size; r++) {
            int m = stream[r];
            if (count[m]++ == 0) first[m] = arrivalSeconds[r];
            last[m] = arrivalSeconds[r];
        }
        double[] rate = new double[models];
        for (int m = 0; m < models; m++) rate[m] = count[m] > 1 && last[m] > first[m] ? (count[m] - 1) / (last[m] - first[m]) : 0;
        return rate;
    }

    /**
     * Per request the earliest instant the kernel can admit it: its arrival, or, if later, the latest
     * of its predecessors' earliest admission plus isolated latency (a chain's requests cannot
     * overlap). Every schedule respects it, so bounds relax precedence to these release times. A new
     * array; the arrivals without dependencies.
     */
    public double[] earliestReleaseSeconds() {
        double[] release = arrivalSeconds.clone();
        if (dependencies == null) return release;
        // Predecessors arrive no later, but may come after their dependant in the trace's order when
        // they arrive at the same instant: relax until nothing changes (at most the longest chain).
        boolean changed = true;
        for (int pass = 0; changed && pass <= size; pass++) {
            changed = false;
            for (int r = 0; r < size; r++) {
                for (int k = dependencyStart[r]; k < dependencyStart[r + 1]; k++) {
                    int p = dependencies[k];
                    double ready = release[p] + realIsolatedSeconds(p);
                    if (ready > release[r]) {
                        release[r] = ready;
                        changed = true;
                    }
                }
            }
        }
        return release;
    }

    /** Whether a request of this trace waits for another. */
    public boolean hasDependencies() { return dependencies != null; }

    public CompiledWorkload workload() { return workload; }
    public Trace trace() { return trace; }
    public int size() { return size; }
    public double arrivalSeconds(int request) { return arrivalSeconds[request]; }
    public double deadlineSeconds(int request) { return deadlineSeconds[request]; }
    public double priority(int request) { return priority[request]; }
    public int layerCount(int request) { return layerCount[request]; }
    public double realIsolatedSeconds(int request) { return workload.realRemainingSeconds[rowStart[request]]; }

    /** Total real work of the trace: the sum of every request's isolated latency. */
    public double totalWorkSeconds() {
        double sum = 0;
        for (int r = 0; r < size; r++) sum += realIsolatedSeconds(r);
        return sum;
    }
}

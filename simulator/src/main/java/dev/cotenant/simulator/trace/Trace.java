package dev.cotenant.simulator.trace;

import dev.cotenant.simulator.BadInputException;

import java.util.Arrays;

/**
 * Requests sorted by arrival, as parallel primitive arrays (one trace can hold millions of
 * requests). Model names are resolved to ids of a {@code LatencyDirectory} by the caller that
 * builds the trace, so the kernel never sees strings.
 *
 * <p>A periodic trace also carries, per request, its {@code frame} (the frame number of its
 * model's stream) and the requests it depends on (it is released only once they have finished).
 * Dependencies are stored compressed: the predecessors of request {@code r} are
 * {@code dependencies[dependencyStart[r] .. dependencyStart[r + 1])}. A trace without them (the
 * five-column format, Poisson traces) has every request released at its arrival.
 */
public final class Trace {
    private final double[] arrivalSeconds;
    private final int[] modelId;
    private final int[] sample;
    private final double[] priority;
    private final double[] targetLatencySeconds;
    /** Null when the trace has no frame numbers. */
    private final int[] frame;
    private final int[] dependencyStart;
    private final int[] dependencies;

    public Trace(double[] arrivalSeconds, int[] modelId, int[] sample, double[] priority, double[] targetLatencySeconds) {
        this(arrivalSeconds, modelId, sample, priority, targetLatencySeconds, null, null, null);
    }

    /**
     * A periodic trace. {@code frame} may be null (no frame numbers); {@code dependencyStart} and
     * {@code dependencies} may both be null (no dependencies). Dependencies are checked by
     * {@link TraceDependencies#check} (no cycle, none on a later arrival).
     */
    public Trace(double[] arrivalSeconds, int[] modelId, int[] sample, double[] priority, double[] targetLatencySeconds,
                 int[] frame, int[] dependencyStart, int[] dependencies) {
        int n = arrivalSeconds.length;
        if (modelId.length != n || sample.length != n || priority.length != n || targetLatencySeconds.length != n) {
            throw new IllegalArgumentException("trace arrays differ in length");
        }
        for (int i = 1; i < n; i++) {
            if (arrivalSeconds[i] < arrivalSeconds[i - 1]) {
                throw BadInputException.at("trace", "request " + i + " arrives at " + arrivalSeconds[i]
                        + " s, before request " + (i - 1) + " at " + arrivalSeconds[i - 1] + " s: arrivals must be sorted");
            }
        }
        this.arrivalSeconds = arrivalSeconds.clone();
        this.modelId = modelId.clone();
        this.sample = sample.clone();
        this.priority = priority.clone();
        this.targetLatencySeconds = targetLatencySeconds.clone();
        if (frame != null && frame.length != n) throw new IllegalArgumentException("frame array differs in length");
        this.frame = frame == null ? null : frame.clone();
        if ((dependencyStart == null) != (dependencies == null)) throw new IllegalArgumentException("dependency arrays: both or neither");
        if (dependencyStart == null || dependencies.length == 0) {
            this.dependencyStart = null;
            this.dependencies = null;
        } else {
            TraceDependencies.check(this.arrivalSeconds, dependencyStart, dependencies, r -> "trace: request " + r);
            this.dependencyStart = dependencyStart.clone();
            this.dependencies = dependencies.clone();
        }
    }

    /** Whether any request waits for another. */
    public boolean hasDependencies() { return dependencies != null; }

    /** Whether the trace carries frame numbers. */
    public boolean hasFrames() { return frame != null; }

    /** Frame number of the request in its model's stream; -1 if the trace has none. */
    public int frame(int request) { return frame == null ? -1 : frame[request]; }

    public int dependencyCount(int request) {
        return dependencyStart == null ? 0 : dependencyStart[request + 1] - dependencyStart[request];
    }

    /** The {@code k}-th request that {@code request} waits for. */
    public int dependency(int request, int k) { return dependencies[dependencyStart[request] + k]; }

    public int size() { return arrivalSeconds.length; }
    public double arrivalSeconds(int request) { return arrivalSeconds[request]; }
    public int modelId(int request) { return modelId[request]; }
    public int sample(int request) { return sample[request]; }
    public double priority(int request) { return priority[request]; }
    public double targetLatencySeconds(int request) { return targetLatencySeconds[request]; }
    public double deadlineSeconds(int request) { return arrivalSeconds[request] + targetLatencySeconds[request]; }

    /** The first {@code count} requests (of a trace without dependencies: a prefix could cut a chain). */
    public Trace prefix(int count) {
        if (hasDependencies()) throw new IllegalStateException("prefix of a trace with dependencies");
        return new Trace(Arrays.copyOf(arrivalSeconds, count), Arrays.copyOf(modelId, count), Arrays.copyOf(sample, count),
                Arrays.copyOf(priority, count), Arrays.copyOf(targetLatencySeconds, count));
    }
}

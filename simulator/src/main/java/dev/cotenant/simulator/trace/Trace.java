package dev.cotenant.simulator.trace;

import dev.cotenant.simulator.BadInputException;

import java.util.Arrays;

/**
 * Requests sorted by arrival, as parallel primitive arrays (one trace can hold millions of
 * requests). Model names are resolved to ids of a {@code LatencyDirectory} by the caller that
 * builds the trace, so the kernel never sees strings.
 */
public final class Trace {
    private final double[] arrivalSeconds;
    private final int[] modelId;
    private final int[] sample;
    private final double[] priority;
    private final double[] targetLatencySeconds;

    public Trace(double[] arrivalSeconds, int[] modelId, int[] sample, double[] priority, double[] targetLatencySeconds) {
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
    }

    public int size() { return arrivalSeconds.length; }
    public double arrivalSeconds(int request) { return arrivalSeconds[request]; }
    public int modelId(int request) { return modelId[request]; }
    public int sample(int request) { return sample[request]; }
    public double priority(int request) { return priority[request]; }
    public double targetLatencySeconds(int request) { return targetLatencySeconds[request]; }
    public double deadlineSeconds(int request) { return arrivalSeconds[request] + targetLatencySeconds[request]; }

    /** The first {@code count} requests. */
    public Trace prefix(int count) {
        return new Trace(Arrays.copyOf(arrivalSeconds, count), Arrays.copyOf(modelId, count), Arrays.copyOf(sample, count),
                Arrays.copyOf(priority, count), Arrays.copyOf(targetLatencySeconds, count));
    }
}

package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.BadInputException;

/**
 * Requests over a {@link MultiTileWorkload}, sorted by arrival, as flat arrays the kernel reads.
 * {@code requiredTiles} is the fewest tiles a request can run on (1 unless a scenario pins more);
 * a request that needs more tiles than the accelerator has is bad input, not a policy failure.
 * {@code isolatedSeconds} is the request alone on all {@code T} tiles with the whole bandwidth: the
 * single-tenant latency STP and fairness divide by.
 */
public final class MultiTileTrace {
    final MultiTileWorkload workload;
    final int size;
    final double[] arrivalSeconds;
    final int[] model;
    final int[] sample;
    final double[] priority;
    final double[] deadlineSeconds;
    final int[] requiredTiles;
    final double[] isolatedSeconds;

    public MultiTileTrace(MultiTileWorkload workload, double[] arrivalSeconds, int[] model, int[] sample, double[] priority,
                          double[] targetLatencySeconds, int[] requiredTiles) {
        int n = arrivalSeconds.length;
        if (model.length != n || sample.length != n || priority.length != n || targetLatencySeconds.length != n || requiredTiles.length != n) {
            throw BadInputException.at("trace", "column lengths differ");
        }
        this.workload = workload;
        size = n;
        this.arrivalSeconds = arrivalSeconds.clone();
        this.model = model.clone();
        this.sample = sample.clone();
        this.priority = priority.clone();
        this.requiredTiles = requiredTiles.clone();
        deadlineSeconds = new double[n];
        isolatedSeconds = new double[n];
        int tiles = workload.tiles;
        for (int r = 0; r < n; r++) {
            if (!(arrivalSeconds[r] >= 0) || (r > 0 && arrivalSeconds[r] < arrivalSeconds[r - 1])) {
                throw BadInputException.at("trace", "request " + r + ": arrivals must be >= 0 and sorted, got " + arrivalSeconds[r]);
            }
            if (model[r] < 0 || model[r] >= workload.modelCount()) throw BadInputException.at("trace", "request " + r + ": no model id " + model[r]);
            if (sample[r] < 0 || sample[r] >= workload.sampleCount(model[r])) {
                throw BadInputException.at("trace", "request " + r + ": " + workload.modelName(model[r]) + " has no sample " + sample[r]);
            }
            if (!(priority[r] > 0)) throw BadInputException.at("trace", "request " + r + ": priority must be positive, got " + priority[r]);
            if (!(targetLatencySeconds[r] > 0)) throw BadInputException.at("trace", "request " + r + ": target latency must be positive, got " + targetLatencySeconds[r]);
            if (requiredTiles[r] < 1 || requiredTiles[r] > tiles) {
                throw BadInputException.at("tiles", "request " + r + " needs " + requiredTiles[r] + " tiles, the accelerator has " + tiles);
            }
            deadlineSeconds[r] = arrivalSeconds[r] + targetLatencySeconds[r];
            isolatedSeconds[r] = workload.isolatedSeconds(model[r], sample[r], tiles);
        }
    }

    /** All requests need at least one tile. */
    public MultiTileTrace(MultiTileWorkload workload, double[] arrivalSeconds, int[] model, int[] sample, double[] priority,
                          double[] targetLatencySeconds) {
        this(workload, arrivalSeconds, model, sample, priority, targetLatencySeconds, ones(arrivalSeconds.length));
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    public MultiTileWorkload workload() { return workload; }
    public int size() { return size; }
    public double arrivalSeconds(int r) { return arrivalSeconds[r]; }
    public int model(int r) { return model[r]; }
    public int sample(int r) { return sample[r]; }
    public double priority(int r) { return priority[r]; }
    public double deadlineSeconds(int r) { return deadlineSeconds[r]; }
    public double targetLatencySeconds(int r) { return deadlineSeconds[r] - arrivalSeconds[r]; }
    public int requiredTiles(int r) { return requiredTiles[r]; }
    public double isolatedSeconds(int r) { return isolatedSeconds[r]; }

    /** Layers over all requests: the layer-end events a run has. */
    public long totalLayers() {
        long sum = 0;
        for (int r = 0; r < size; r++) sum += workload.layerCount(model[r]);
        return sum;
    }
}

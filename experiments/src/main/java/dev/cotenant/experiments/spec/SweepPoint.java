package dev.cotenant.experiments.spec;

/**
 * One point of a sweep: the inputs of one generated trace. Every policy of the experiment runs on
 * that trace, giving one metrics row each. {@code index} is the point's place in the sweep's fixed
 * order (workload, then load, then SLO multiplier, then seed), which is also the row order of metrics.csv.
 * Serializable: a sweep engine may ship points to other JVMs (Spark executors) and their rows back.
 *
 * @param offeredLoad         arrival rate x mean isolated latency (the accelerator's busy fraction)
 * @param arrivalRatePerSecond the same rate in requests per second
 * @param sloMultiplierMin    each request's target is a multiplier in [min, max] (equal when swept) x its
 *                            architecture's mean isolated latency
 * @param workload            which of the setting's workloads (MoCA: set letter or trace file name; empty for the
 *                            time-multiplexed setting, which has one)
 */
public record SweepPoint(int index, double offeredLoad, double arrivalRatePerSecond, double sloMultiplierMin,
                         double sloMultiplierMax, long seed, String workload) implements java.io.Serializable {
    /** A point of the time-multiplexed setting's one workload. */
    public SweepPoint(int index, double offeredLoad, double arrivalRatePerSecond, double sloMultiplierMin, double sloMultiplierMax, long seed) {
        this(index, offeredLoad, arrivalRatePerSecond, sloMultiplierMin, sloMultiplierMax, seed, "");
    }
}

package dev.cotenant.simulator.setting;

/**
 * The inputs of one generated trace, in a setting's own terms: a setting turns it into a trace of
 * its kind, so the same list of points can drive any setting.
 *
 * @param workload          which of the setting's workloads the trace draws from (MoCA: set {@code a},
 *                          {@code b}, {@code c} or a trace file; time-multiplexed: empty for a generated trace, or a trace
 *                          file's path, run as it is: seed, load and SLO multipliers are then not read)
 * @param load              time-multiplexed: arrivals per second, or the offered load for a periodic workload
 *                          (its frame rates scaled to it); MoCA: offered load of its four 2-tile
 *                          partitions, NaN for the generator's own spacing
 * @param sloMultiplierMin  each request's target is a multiplier in [min, max] times its isolated latency
 *                          (MoCA: the QoS target scale, min = max; periodic: unused, deadlines come from the streams)
 */
public record TracePoint(String workload, long seed, double load, double sloMultiplierMin, double sloMultiplierMax, int requestCount) {
    /** A point of one SLO multiplier. */
    public TracePoint(String workload, long seed, double load, double sloMultiplier, int requestCount) {
        this(workload, seed, load, sloMultiplier, sloMultiplier, requestCount);
    }
}

package dev.cotenant.simulator.metrics;

import dev.cotenant.simulator.BadInputException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The scalar metrics of one run, by their column names. The time-multiplexed setting computes all
 * of them ({@link MetricCalculator}); the multi-tile setting those its setting ({@code MocaSetting#value})
 * defines. Each knows its direction and its best possible value, which racing uses to stop
 * hopeless candidates. New metrics go last: metrics.csv columns follow this order.
 */
public enum Metric {
    /** Share of requests with {@code finish > deadline}. */
    VIOLATION_RATE("violation_rate", false, 0),
    /** Mean of {@code (finish - arrival) / realIsolated}. */
    ANTT("antt", false, 1),
    /** {@code N / (last finish - first arrival)}. */
    THROUGHPUT_INF_PER_S("throughput_inf_per_s", true, Double.POSITIVE_INFINITY),
    /** Share of requests meeting their deadline: {@code 1 - violation_rate}. */
    SLA_SATISFACTION("sla_satisfaction", true, 1),
    /** System throughput: sum over requests of {@code realIsolated / (finish - arrival)}, divided by N (1 = no slowdown). */
    STP("stp", true, 1),
    /** Violations weighted by priority: {@code sum(priority * late) / sum(priority)}. */
    PRIORITY_WEIGHTED_VIOLATION_RATE("priority_weighted_violation_rate", false, 0),
    /** Median normalised turnaround. */
    P50_NORMALIZED_TURNAROUND("p50_normalized_turnaround", false, 1),
    /** 99th percentile of normalised turnaround (linear interpolation, as numpy's default). */
    P99_NORMALIZED_TURNAROUND("p99_normalized_turnaround", false, 1),
    /** MoCA's fairness over tenants (models): {@link TenantFairness}, in (0, 1]. */
    FAIRNESS("fairness", true, 1),
    /** MoCA's system throughput: sum over application types of single-program time over the type's mean latency. */
    MOCA_STP("moca_stp", true, Double.POSITIVE_INFINITY),
    /** {@link #MOCA_STP} as MoCA's result script computes it (each type's mean divided into the next type's time). */
    MOCA_STP_AS_WRITTEN("moca_stp_as_written", true, Double.POSITIVE_INFINITY),
    /** MoCA's fairness as its result script computes it (the same index shift); {@link #FAIRNESS} is the corrected form. */
    MOCA_FAIRNESS_AS_WRITTEN("moca_fairness_as_written", true, 1),
    /** {@link #SLA_SATISFACTION} of the requests of MoCA's highest priority levels 9-11. */
    SLA_SATISFACTION_PRIORITY_9_11("sla_satisfaction_priority_9_11", true, 1),
    /**
     * The largest miss rate of any model (stream) of the trace, a miss being a late or dropped
     * request: what a miss-rate objective cannot improve by starving one model.
     */
    WORST_MODEL_MISS_RATE("worst_model_miss_rate", false, 0),
    /** Share of requests the kernel dropped (see {@code kernel.DropRule}); 0 when nothing is dropped. */
    DROP_RATE("drop_rate", false, 0),
    /**
     * XRBench's real-time score in [0, 100]: per completed request {@code 1 / (1 + exp(15 * delay_ms))},
     * {@code delay_ms} being {@code finish - deadline} in milliseconds (negative when early); per
     * model the mean over its completed requests times {@code 1 - its drop rate}; overall 100 times
     * the mean over models. XRBench's energy term is 1 (no cost model here supplies energy) and its
     * accuracy term 1 (every request runs the full model).
     */
    XR_SCORE("xr_score", true, 100);

    private final String columnName;
    private final boolean higherIsBetter;
    private final double bestPossible;

    Metric(String columnName, boolean higherIsBetter, double bestPossible) {
        this.columnName = columnName;
        this.higherIsBetter = higherIsBetter;
        this.bestPossible = bestPossible;
    }

    public String columnName() { return columnName; }
    public boolean higherIsBetter() { return higherIsBetter; }

    /** The best value any schedule could reach on any trace (a bound, not always attainable). */
    public double bestPossible() { return bestPossible; }

    public static Metric byColumnName(String name) {
        for (Metric m : values()) if (m.columnName.equals(name)) return m;
        throw BadInputException.setting("metric", "unknown metric '" + name + "'; known: "
                + Arrays.stream(values()).map(Metric::columnName).collect(Collectors.joining(", ")));
    }
}

package dev.cotenant.search.tune;

import dev.cotenant.simulator.evaluate.Racing;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.ParameterSpace;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The tuner's only link to a simulator: runs parameter vectors of one policy, or published
 * baselines, over a fixed set of traces. The time-multiplexed setting plugs in through
 * {@link TimeMultiplexedBackend}, the multi-tile (MoCA) one through {@link MultiTileBackend}; the
 * tuner, checkpoints and validation work unchanged on either.
 *
 * <p>Implementations must be deterministic: the same vectors on the same traces give the same
 * numbers whatever the thread count, which the tuner's reproducibility rests on.
 */
public interface EvaluationBackend {
    /** Every metric of candidate {@code c} on trace {@code t} of the batch just evaluated. */
    @FunctionalInterface
    interface TraceMetrics {
        double get(int candidate, int trace, Metric metric);
    }

    /** Metrics of a raced batch and how many traces (the first ones, in order) each vector ran. */
    record RacedMetrics(TraceMetrics metrics, int[] tracesRun) {}

    /** Traces prepared once and then shared by every batch (common random numbers). */
    interface Session extends AutoCloseable {
        int traceCount();

        /** Every metric of every vector of {@code policyName} on every trace. */
        TraceMetrics evaluate(String policyName, List<double[]> parameterVectors);

        /**
         * As {@link #evaluate}, but vector {@code c} may stop after its first {@code tracesRun[c]}
         * traces once {@code racing} shows it cannot win (the other cells are undefined). A backend
         * without racing runs every trace.
         */
        default RacedMetrics evaluate(String policyName, List<double[]> parameterVectors, Racing racing) {
            int[] all = new int[parameterVectors.size()];
            java.util.Arrays.fill(all, traceCount());
            return new RacedMetrics(evaluate(policyName, parameterVectors), all);
        }

        /** As {@link #evaluate}, for the published (default) vectors of the named policies. */
        TraceMetrics evaluatePublished(List<String> policyNames);

        @Override
        void close();
    }

    /** The policy's parameter space; a bad-input error if the backend does not know it. */
    ParameterSpace space(String policyName);

    /** Policies to compare a tuned one against on held-out traces: every published policy of the setting. */
    List<String> baselines();

    /** Prepares {@code traces} on {@code threads} worker threads (results do not depend on it). */
    Session open(List<TraceSpec> traces, int threads);

    /** The metrics this setting computes (an objective may only read these); the others come back NaN. */
    default Set<Metric> metrics() { return EnumSet.allOf(Metric.class); }

    /** What the backend simulates and on what data, for result files. */
    String describe();
}

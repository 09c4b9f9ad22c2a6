package dev.cotenant.simulator.setting;

import dev.cotenant.simulator.evaluate.Racing;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.ParameterSpace;

import java.util.List;
import java.util.Set;

/**
 * A hardware setting as the layers above the simulator see it: its published policies and their
 * parameter spaces, the metrics it defines, how a {@link TracePoint} becomes one of its traces, and
 * the evaluation of contenders x traces into a metric matrix. The runner, the store, the report and
 * the tuner talk to a setting only through this port; a new setting is one implementation plus its
 * kernel.
 *
 * <p>Every implementation is deterministic: the same contenders on the same points give the same
 * numbers whatever the thread count and whichever other points share the session.
 */
public interface Setting {
    /** What a setting runs on every trace of a session: one of its policies, or a runnable it made itself. */
    interface Contender {}

    /** A policy of the setting by name, with one value per parameter of its {@link #space}. */
    record PolicyVector(String policy, double[] parameters) implements Contender {
        public PolicyVector {
            parameters = parameters.clone();
        }

        @Override
        public double[] parameters() { return parameters.clone(); }
    }

    /**
     * Every metric of contender {@code c} on trace {@code t}; NaN for a metric the setting does not
     * define, and for the traces a raced contender skipped.
     */
    interface Metrics {
        double get(int contender, int trace, Metric metric);

        /** How many traces (the first ones, in order) contender {@code c} ran: all of them unless racing stopped it. */
        int tracesRun(int contender);
    }

    /** Traces prepared once and shared by every evaluation (common random numbers). */
    interface Session extends AutoCloseable {
        int traceCount();

        /** How many requests trace {@code t} holds. */
        int requestCount(int trace);

        /**
         * Every contender on every trace. With {@code racing} (may be null) a contender may stop after
         * its first {@link Metrics#tracesRun} traces once it provably cannot win; a setting without
         * racing runs every trace.
         */
        Metrics evaluate(List<? extends Contender> contenders, Racing racing);

        /** The published (default) vectors of the named policies on every trace. */
        default Metrics evaluatePublished(List<String> policies, Setting setting) {
            return evaluate(policies.stream().map(p -> new PolicyVector(p, setting.space(p).defaults())).toList(), null);
        }

        @Override
        void close();
    }

    /** The name a spec's {@code workload.setting} gives (kebab-case). */
    String name();

    /** The published policies of the setting: the baselines a tuned vector is compared against. */
    List<String> baselines();

    /** The policy's parameter space; a bad-input error naming the known policies if there is none of that name. */
    ParameterSpace space(String policy);

    /** The metrics this setting computes; every other {@link Metric} comes back NaN. */
    Set<Metric> metrics();

    /** What the setting simulates and on what data, for result files. */
    String describe();

    /** Prepares the traces of {@code points} on {@code threads} worker threads (the results do not depend on it). */
    Session open(List<TracePoint> points, int threads);
}

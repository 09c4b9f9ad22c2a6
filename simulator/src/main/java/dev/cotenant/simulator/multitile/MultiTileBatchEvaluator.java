package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Evaluates many multi-tile policies over many traces in one call: the multi-tile setting's one
 * evaluation loop, as {@code evaluate.BatchEvaluator} is the time-multiplexed one (the tuner's
 * backend and {@link MocaExperiment} both go through it). Candidate x trace cells are spread over a
 * work-stealing pool; each cell is a pure function of its inputs written to its own slot, so the
 * result is identical whatever the thread count. Each worker thread keeps one kernel and outcome,
 * reused across cells.
 */
public final class MultiTileBatchEvaluator implements AutoCloseable {
    /** What runs on every trace; each call returns a fresh policy, since policies keep per-run scratch. */
    @FunctionalInterface
    public interface Candidate {
        MultiTilePolicy newPolicy();

        /** The named policy with this parameter vector (validated now, so a bad vector fails before any run). */
        static Candidate of(String policyName, double[] parameters) {
            MultiTilePolicies.create(policyName, parameters);
            double[] values = parameters.clone();
            return () -> MultiTilePolicies.create(policyName, values);
        }

        /** The named policy's published vector. */
        static Candidate published(String policyName) { return of(policyName, MultiTilePolicies.space(policyName).defaults()); }
    }

    /** One cell: a candidate's metrics on one trace, the kernel's events and the run's wall time (the only machine-dependent field). */
    public record Run(MultiTileMetrics metrics, long events, double wallSeconds) {}

    private final List<MultiTileTrace> traces;
    private final ForkJoinPool pool;
    private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);

    private static final class Worker {
        final MultiTileKernel kernel = new MultiTileKernel();
        final MultiTileOutcome outcome = new MultiTileOutcome();
    }

    /** @param threads worker threads, at least 1 (results do not depend on it) */
    public MultiTileBatchEvaluator(List<MultiTileTrace> traces, int threads) {
        if (traces.isEmpty()) throw new IllegalArgumentException("no traces to evaluate on");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        this.traces = List.copyOf(traces);
        this.pool = new ForkJoinPool(threads);
    }

    public int traceCount() { return traces.size(); }
    public List<MultiTileTrace> traces() { return traces; }

    /** Every candidate on every trace, as {@code [candidate][trace]}. */
    public Run[][] evaluate(List<? extends Candidate> candidates) {
        int t = traces.size();
        Run[][] runs = new Run[candidates.size()][t];
        pool.submit(() -> IntStream.range(0, candidates.size() * t).parallel().forEach(cell -> {
            int c = cell / t;
            int trace = cell % t;
            Worker w = workers.get();
            MultiTileTrace tr = traces.get(trace);
            long start = System.nanoTime();
            w.kernel.run(tr, candidates.get(c).newPolicy(), w.outcome);
            double wall = (System.nanoTime() - start) * 1e-9;
            runs[c][trace] = new Run(MultiTileMetrics.of(tr, w.outcome), w.outcome.events(), wall);
        })).join();
        return runs;
    }

    @Override
    public void close() { pool.shutdown(); }
}

package dev.cotenant.simulator.evaluate;

import dev.cotenant.simulator.kernel.Candidate;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.metrics.MetricCalculator;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Evaluates many candidates over many compiled traces in one call: the loop every search in the
 * project (tuner, optimiser, sweeps) goes through. Candidate x trace cells are spread over a
 * work-stealing pool; each cell is a pure function of its inputs written to its own slot, so the
 * result is identical whatever the thread count. Each worker thread keeps one kernel, outcome and
 * metric calculator, reused across cells.
 */
public final class BatchEvaluator implements AutoCloseable {
    private final List<CompiledTrace> traces;
    private final KernelOptions options;
    private final ForkJoinPool pool;
    private final ThreadLocal<Worker> workers;

    private final class Worker {
        final TimeMultiplexedKernel kernel = new TimeMultiplexedKernel(options);
        final Outcome outcome = new Outcome();
        final MetricCalculator metrics = new MetricCalculator();

        void evaluate(Candidate candidate, int trace, MetricMatrix into, int candidateIndex) {
            CompiledTrace t = traces.get(trace);
            kernel.run(t, candidate.newScheduler(trace), outcome, null);
            metrics.compute(t, outcome, into.values, into.offset(candidateIndex, trace));
        }
    }

    /** @param threads worker threads, at least 1 (results do not depend on it) */
    public BatchEvaluator(List<CompiledTrace> traces, KernelOptions options, int threads) {
        if (traces.isEmpty()) throw new IllegalArgumentException("no traces to evaluate on");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
        this.traces = List.copyOf(traces);
        this.options = options;
        this.pool = new ForkJoinPool(threads);
        this.workers = ThreadLocal.withInitial(Worker::new);
    }

    public int traceCount() { return traces.size(); }
    public List<CompiledTrace> traces() { return traces; }
    public int threads() { return pool.getParallelism(); }

    /** Every metric of every candidate on every trace. */
    public MetricMatrix evaluate(List<? extends Candidate> candidates) {
        int t = traces.size();
        MetricMatrix matrix = new MetricMatrix(candidates.size(), t);
        pool.submit(() -> IntStream.range(0, candidates.size() * t).parallel().forEach(cell -> {
            int c = cell / t;
            workers.get().evaluate(candidates.get(c), cell % t, matrix, c);
        })).join();
        java.util.Arrays.fill(matrix.tracesEvaluated, t);
        return matrix;
    }

    /**
     * As {@link #evaluate(List)}, but each candidate runs its traces in order and stops as soon
     * as {@code racing} shows it cannot beat the incumbent. Parallel over candidates only.
     */
    public MetricMatrix evaluate(List<? extends Candidate> candidates, Racing racing) {
        int t = traces.size();
        MetricMatrix matrix = new MetricMatrix(candidates.size(), t);
        int objective = racing.objective().ordinal();
        pool.submit(() -> IntStream.range(0, candidates.size()).parallel().forEach(c -> {
            Worker worker = workers.get();
            double sum = 0;
            int done = 0;
            while (done < t) {
                worker.evaluate(candidates.get(c), done, matrix, c);
                sum += matrix.values[matrix.offset(c, done) + objective];
                done++;
                if (racing.hopeless(sum, done, t)) break;
            }
            matrix.tracesEvaluated[c] = done;
        })).join();
        return matrix;
    }

    @Override
    public void close() { pool.shutdown(); }
}

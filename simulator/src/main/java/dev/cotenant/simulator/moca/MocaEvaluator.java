package dev.cotenant.simulator.moca;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;

/**
 * The one entry point the CLI, the tuner and the optimum use to run a MoCA policy: a run on one
 * trace, or a batch of (candidate parameter vectors x traces) on a number of threads. Each thread
 * keeps its own {@link MocaRuntime} and {@link MocaOutcome}; every run is independent of the others,
 * so a batch's results do not depend on the thread count or on scheduling order.
 */
public final class MocaEvaluator {
    private static final ThreadLocal<MocaRuntime> RUNTIME = ThreadLocal.withInitial(MocaRuntime::new);
    private static final ThreadLocal<MocaOutcome> SCRATCH = ThreadLocal.withInitial(MocaOutcome::new);

    private MocaEvaluator() {}

    /** One run; the returned outcome is the caller's own (freshly allocated). */
    public static MocaOutcome run(String policy, double[] params, MocaTrace trace, boolean artifactRuntime) {
        MocaOutcome out = new MocaOutcome();
        RUNTIME.get().run(policy, params, trace, artifactRuntime, out);
        return out;
    }

    /** One run reduced to its metrics, reusing this thread's scratch outcome. */
    public static MocaMetrics metrics(String policy, double[] params, MocaTrace trace, boolean artifactRuntime) {
        MocaOutcome out = SCRATCH.get();
        RUNTIME.get().run(policy, params, trace, artifactRuntime, out);
        return MocaMetrics.of(trace, out);
    }

    /**
     * Metrics of every candidate on every trace: {@code result[c][t]}. {@code threads} >= 1; the
     * result is the same for any thread count.
     */
    public static MocaMetrics[][] batch(String policy, List<double[]> candidates, List<MocaTrace> traces,
                                        boolean artifactRuntime, int threads) {
        for (double[] c : candidates) MocaPolicies.space(policy).validate(policy, c); // fail before any thread starts
        MocaMetrics[][] result = new MocaMetrics[candidates.size()][traces.size()];
        int traceCount = traces.size();
        forEach(candidates.size() * traceCount, threads, job -> {
            int c = job / traceCount, t = job % traceCount;
            result[c][t] = metrics(policy, candidates.get(c), traces.get(t), artifactRuntime);
        });
        return result;
    }

    /** A job of {@link #forEach}: it writes its own result slot, so jobs never share state. */
    @FunctionalInterface
    public interface Job {
        void run(int index);
    }

    /**
     * Runs jobs {@code 0 .. count-1} on {@code threads} threads (each with its own runtime, through
     * {@link #run} or {@link #metrics}) and returns when all are done; the first failure is rethrown.
     * The setting's one parallel loop: every batch of MoCA runs goes through it.
     */
    public static void forEach(int count, int threads, Job job) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (threads == 1 || count <= 1) {
            for (int i = 0; i < count; i++) job.run(i);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, count));
        try {
            List<Future<?>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> job.run(index)));
            }
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("batch interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

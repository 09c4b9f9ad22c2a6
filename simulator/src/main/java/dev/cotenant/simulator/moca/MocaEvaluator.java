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
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        for (double[] c : candidates) MocaPolicies.space(policy).validate(policy, c); // fail before any thread starts
        MocaMetrics[][] result = new MocaMetrics[candidates.size()][traces.size()];
        if (threads == 1) {
            for (int c = 0; c < candidates.size(); c++) {
                for (int t = 0; t < traces.size(); t++) result[c][t] = metrics(policy, candidates.get(c), traces.get(t), artifactRuntime);
            }
            return result;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < candidates.size(); c++) {
                for (int t = 0; t < traces.size(); t++) {
                    int ci = c, ti = t;
                    futures.add(pool.submit(() -> {
                        result[ci][ti] = metrics(policy, candidates.get(ci), traces.get(ti), artifactRuntime);
                    }));
                }
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
        return result;
    }
}

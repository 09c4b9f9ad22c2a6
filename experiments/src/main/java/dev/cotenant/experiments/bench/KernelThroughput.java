package dev.cotenant.experiments.bench;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.Scheduler;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.policy.Policy;

import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Layer steps per second of the kernel on one thread: runs every policy over the trace, round
 * after round, first for a warm-up (so the JIT has compiled the loop), then for the measured time.
 * The same loop backs {@code cotenant bench}; the JMH benchmark in the benchmarks module measures
 * the same round with JMH's own harness.
 */
public final class KernelThroughput {
    /** @param layerSteps layers run in the measured rounds; {@code nanos} their wall time */
    public record Result(long rounds, long layerSteps, long nanos) {
        public double layerStepsPerSecond() { return layerSteps / (nanos / 1e9); }
    }

    private final CompiledTrace trace;
    private final TimeMultiplexedKernel kernel;
    private final Scheduler[] schedulers;
    private final Outcome outcome = new Outcome();

    public KernelThroughput(CompiledTrace trace, List<Policy> policies, KernelOptions options) {
        this.trace = trace;
        this.kernel = new TimeMultiplexedKernel(options);
        this.schedulers = policies.stream().map(Policy::newScheduler).toArray(Scheduler[]::new);
    }

    /** One round: every scheduler over the trace. Returns the layer steps run plus a checksum term, so nothing is dead code. */
    public long round() {
        long steps = 0;
        for (Scheduler scheduler : schedulers) {
            kernel.run(trace, scheduler, outcome, null);
            steps += outcome.layerSteps();
        }
        return steps;
    }

    /** Finish time of the last request in the last run: a value a benchmark can consume. */
    public double lastFinishSeconds() { return outcome.finishSeconds(trace.size() - 1); }

    /**
     * Warms up for {@code warmupSeconds}, then measures whole rounds for at least {@code measureSeconds}.
     * {@code progress} gets the fraction of the measured time done (may be null).
     */
    public Result measure(double warmupSeconds, double measureSeconds, DoubleConsumer progress) {
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < warmupEnd) round();
        long start = System.nanoTime();
        long end = start + (long) (measureSeconds * 1e9);
        long steps = 0;
        long rounds = 0;
        long now;
        do {
            steps += round();
            rounds++;
            now = System.nanoTime();
            if (progress != null) progress.accept(Math.min(1, (now - start) / (measureSeconds * 1e9)));
        } while (now < end);
        return new Result(rounds, steps, now - start);
    }
}

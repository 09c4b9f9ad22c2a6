package dev.cotenant.benchmarks;

import dev.cotenant.experiments.bench.KernelThroughput;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Scheduler;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.plugin.Plugins;
import dev.cotenant.simulator.plugin.SchedulerPlugin;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A plug-in scheduler against the same rule built in: {@code sjf} and a plug-in restating it
 * (shortest static remaining estimate, ties to the earlier admitted request), through the plug-in
 * path users get (registration, the guard around every decision), over the artifact-shaped trace
 * of {@link KernelBenchmark}. The two rows' ratio is the plug-in overhead (docs/extending.md).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PlugInOverheadBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlugInOverheadBenchmark {
    /** The built-in {@code sjf}, or the same rule as a plug-in. */
    @Param({"sjf", "sjf-plug-in"})
    String scheduler;

    private KernelThroughput round;

    /** {@code sjf} written as a user would write it, outside the simulator's packages. */
    static final class SjfPlugIn implements SchedulerPlugin {
        @Override public String name() { return "sjf-plug-in"; }
        @Override public String description() { return "sjf, as a plug-in"; }
        @Override public ParameterSpace space() { return ParameterSpace.EMPTY; }

        @Override
        public Scheduler create(double[] parameters) {
            return new Scheduler("sjf-plug-in", false, false) {
                @Override
                public int pick(DecisionState s) {
                    int best = 0;
                    double bestRemaining = Double.POSITIVE_INFINITY;
                    for (int p = 0, n = s.admittedCount(); p < n; p++) {
                        int r = s.requestAt(p);
                        double remaining = s.gamma(r) * s.estRemainingSeconds(r);
                        if (remaining < bestRemaining) {
                            bestRemaining = remaining;
                            best = p;
                        }
                    }
                    return best;
                }
            };
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        if (!Schedulers.plugInNames().contains("sjf-plug-in")) Plugins.register(new SjfPlugIn(), "PlugInOverheadBenchmark");
        LatencyDirectory directory = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        CompiledTrace trace = new CompiledTrace(new CompiledWorkload(directory), PoissonTraceGenerator.generate(directory, 1000, 3, 10, 1));
        round = new KernelThroughput(trace, List.of(Policy.published(scheduler)), KernelOptions.PUBLISHED);
        System.out.println("\nlayer steps per round: " + round.round());
    }

    @Benchmark
    public double oneRun() {
        round.round();
        return round.lastFinishSeconds();
    }
}

package dev.cotenant.benchmarks;

import dev.cotenant.simulator.moca.MocaOutcome;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaRuntime;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaTraces;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.util.concurrent.TimeUnit;

/**
 * The MoCA runtime on one of the artifact's 250-request traces ({@code moca-c-m} by default: set C,
 * QoS medium), one policy per trial, one thread, physical or artifact semantics. Reports the time
 * of one whole-trace run; the auxiliary counters {@code events} and {@code requests} become kernel
 * events and requests simulated per second.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MocaRuntimeBenchmark -prof gc}
 * ({@code gc.alloc.rate.norm} over the events per run, printed at setup, is bytes per event).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2)
public class MocaRuntimeBenchmark {
    @Param({"moca", "moca-no-throttle", "static-partition", "prema", "planaria", "moca-dysta"})
    String policyName;

    @Param({"moca-c-m"})
    String scenario;

    @Param({"false", "true"})
    boolean artifactRuntime;

    private final MocaRuntime runtime = new MocaRuntime();
    private final MocaOutcome outcome = new MocaOutcome();
    private MocaTrace trace;
    private double[] params;

    /** Per-invocation counts JMH turns into rates. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long events;
        public long requests;
    }

    @Setup(Level.Trial)
    public void setUp() {
        trace = MocaTraces.scenario(scenario);
        params = MocaPolicies.defaults(policyName);
        runtime.run(policyName, params, trace, artifactRuntime, outcome);
        System.out.println("\nevents per run: " + outcome.events());
    }

    /** One run of the whole trace; returns its makespan so the run cannot be optimised away. */
    @Benchmark
    public double run(Counters counters) {
        runtime.run(policyName, params, trace, artifactRuntime, outcome);
        counters.events += outcome.events();
        counters.requests += trace.size();
        return outcome.makespanCycles();
    }
}

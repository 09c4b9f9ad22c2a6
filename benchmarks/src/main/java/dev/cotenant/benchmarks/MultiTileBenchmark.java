package dev.cotenant.benchmarks;

import dev.cotenant.simulator.multitile.MocaWorkloads;
import dev.cotenant.simulator.multitile.MultiTileHardware;
import dev.cotenant.simulator.multitile.MultiTileKernel;
import dev.cotenant.simulator.multitile.MultiTileOutcome;
import dev.cotenant.simulator.multitile.MultiTilePolicy;
import dev.cotenant.simulator.multitile.MultiTileTrace;
import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;
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
 * The multi-tile (MoCA) kernel on the {@code moca-mixed-medium} scenario: 1,000 Poisson requests at
 * its offered load (0.8), 8 tiles at 16 GB/s, one thread, one policy per trial. Besides runs per second,
 * JMH reports the auxiliary counters {@code events} and {@code requests} as rates: kernel events
 * per second and requests simulated per second.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MultiTileBenchmark -prof gc}
 * ({@code gc.alloc.rate.norm} divided by the events per run, printed at setup, is bytes per event).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MultiTileBenchmark {
    @Param({"static-partition", "prema-tm", "planaria-fission", "moca", "moca-dysta"})
    String policyName;

    @Param({"1000"})
    int requests;

    private final MultiTileKernel kernel = new MultiTileKernel();
    private final MultiTileOutcome outcome = new MultiTileOutcome();
    private MultiTileTrace trace;
    private MultiTilePolicy policy;

    /** Per-invocation counts JMH turns into rates. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long events;
        public long requests;
    }

    @Setup(Level.Trial)
    public void setUp() {
        MultiTileHardware hardware = MultiTileHardware.moca();
        Scenario mixed = Scenarios.byName("moca-mixed-medium");
        trace = MocaWorkloads.trace(MocaWorkloads.dense(hardware, mixed), mixed, requests, 1);
        policy = MultiTilePolicies.published(policyName);
        kernel.run(trace, policy, outcome);
        System.out.println("\nevents per run: " + outcome.events());
    }

    /** One run of the whole trace; returns its last finish so the run cannot be optimised away. */
    @Benchmark
    public double run(Counters counters) {
        kernel.run(trace, policy, outcome);
        counters.events += outcome.events();
        counters.requests += trace.size();
        return outcome.finishSeconds(trace.size() - 1);
    }
}

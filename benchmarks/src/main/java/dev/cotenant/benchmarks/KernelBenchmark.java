package dev.cotenant.benchmarks;

import dev.cotenant.experiments.bench.KernelThroughput;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * One thread, the Sparse-DySta artifact's workload shape: its eight schedulers over 1,000 Poisson
 * requests at 3 requests/s, SLO multiplier 10, on the built-in four-CNN latency directory.
 * JMH reports rounds per second; multiply by the layer steps per round printed at setup.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar KernelBenchmark -prof gc}
 * ({@code gc.alloc.rate.norm}, bytes per round, divided by the steps per round is bytes per step).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KernelBenchmark {
    @Param({"1000"})
    int requests;

    private KernelThroughput round;

    @Setup(Level.Trial)
    public void setUp() {
        LatencyDirectory directory = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        CompiledTrace trace = new CompiledTrace(new CompiledWorkload(directory),
                PoissonTraceGenerator.generate(directory, requests, 3, 10, 1));
        round = new KernelThroughput(trace, Schedulers.parseList("fcfs,sjf,sjf-sparse,prema,planaria,sdrm3,dysta-oracle,dysta"),
                KernelOptions.PUBLISHED);
        System.out.println("\nlayer steps per round: " + round.round());
    }

    /** One round: the eight schedulers over the trace. */
    @Benchmark
    public long eightSchedulers(Blackhole blackhole) {
        long steps = round.round();
        blackhole.consume(round.lastFinishSeconds());
        return steps;
    }
}

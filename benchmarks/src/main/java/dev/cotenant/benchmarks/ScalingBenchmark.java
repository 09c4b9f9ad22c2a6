package dev.cotenant.benchmarks;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.Scheduler;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.policy.Policy;
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

import java.util.concurrent.TimeUnit;

/**
 * Cost as work grows: one {@code dysta} run over traces of 10^3 to 10^6 requests at a fixed
 * offered load (~0.8, 8 requests/s on the demo tables), in a 512 MB heap. Divide the time per
 * operation by {@code requests} for the per-request cost.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ScalingBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Xms512m"})
public class ScalingBenchmark {
    @Param({"1000", "10000", "100000", "1000000"})
    int requests;

    @Param({"8"})
    double ratePerSecond;

    private CompiledTrace trace;
    private final TimeMultiplexedKernel kernel = new TimeMultiplexedKernel();
    private final Outcome outcome = new Outcome();
    private Scheduler scheduler;

    @Setup(Level.Trial)
    public void setUp() {
        LatencyDirectory directory = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        trace = new CompiledTrace(new CompiledWorkload(directory), PoissonTraceGenerator.generate(directory, requests, ratePerSecond, 10, 1));
        scheduler = Policy.published("dysta").newScheduler();
    }

    @Benchmark
    public double run() {
        kernel.run(trace, scheduler, outcome, null);
        return outcome.finishSeconds(requests - 1);
    }
}

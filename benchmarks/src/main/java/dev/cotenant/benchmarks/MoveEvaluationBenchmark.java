package dev.cotenant.benchmarks;

import dev.cotenant.experiments.bench.MoveCost;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What one local-search move of the offline optimiser costs, against a full re-simulation of the
 * schedule (issue #9). 1,000 Poisson requests on the built-in four-CNN directory, SLO multiplier
 * 10, seed 1, at {@code rate} requests/s: 3 (the artifact's load, ~0.33), 8 (~0.87) and 9
 * (~0.98). Each benchmark is one path of {@link MoveCost} over the same seeded stream of the
 * planner's moves, as a hill climb; mode is average time per move, and the ratio of
 * {@code fullResimulation} to {@code moveTrajectory} is the saving. {@code moveWholePeriod} is the
 * busy-period evaluator without trajectories (the path before), for comparison.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MoveEvaluationBenchmark}. On a
 * shared machine the three rows are measured minutes apart; {@code cotenant bench --moves}
 * interleaves them in one process instead.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MoveEvaluationBenchmark {
    @Param({"3", "8", "9"})
    double rate;

    private MoveCost cost;

    @Setup(Level.Trial)
    public void setUp() {
        LatencyDirectory directory = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        CompiledTrace trace = new CompiledTrace(new CompiledWorkload(directory), PoissonTraceGenerator.generate(directory, 1000, rate, 10, 1));
        cost = new MoveCost(trace, 1);
        System.out.printf("%nrate %.1f/s: %s%n", rate, cost.describe());
    }

    @TearDown(Level.Trial)
    public void report() {
        double fraction = cost.trajectorySimulatedFraction();
        if (fraction > 0) System.out.printf("%ntrajectory: %.1f%% of the moves' period layers simulated%n", 100 * fraction);
    }

    @Benchmark
    public double fullResimulation() { return cost.fullResimulation(); }

    @Benchmark
    public double moveWholePeriod() { return cost.wholePeriod(); }

    @Benchmark
    public double moveTrajectory() { return cost.trajectory(); }
}

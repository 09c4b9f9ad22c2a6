package dev.cotenant.benchmarks;

import dev.cotenant.simulator.estimate.MlpPredictor;
import dev.cotenant.simulator.estimate.PredictorFeatures;
import dev.cotenant.experiments.bench.KernelThroughput;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.policy.LearnedGamma;
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

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Kernel speed with the learned predictor against plain Dysta on the same workload (the built-in
 * four-CNN directory, 1,000 Poisson requests at 3/s, SLO 10): {@code round} runs one scheduler
 * over the trace. The predictor has the trained network's shape (9 + models inputs, 32-32 ReLU,
 * 1 output) with seeded random weights: speed depends on the shape, not the values.
 * {@code forwardPass} is one plain-array network evaluation; {@code gammaTable} is the one-off cost
 * per compiled workload that {@code dysta-learned} pays before its first decision.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PredictorBenchmark}
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PredictorBenchmark {
    @Param({"dysta", "dysta-learned"})
    String scheduler;

    private KernelThroughput round;
    private MlpPredictor predictor;
    private CompiledWorkload workload;
    private double[] input;

    static MlpPredictor randomPredictor(List<String> models, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = PredictorFeatures.names(models).size();
        double[] mean = new double[n], std = new double[n];
        java.util.Arrays.fill(std, 1);
        return new MlpPredictor(models, mean, std, List.of(
                new MlpPredictor.Dense(n, 32, r.doubles(n * 32, -0.3, 0.3).toArray(), new double[32], MlpPredictor.Activation.RELU),
                new MlpPredictor.Dense(32, 32, r.doubles(32 * 32, -0.3, 0.3).toArray(), new double[32], MlpPredictor.Activation.RELU),
                new MlpPredictor.Dense(32, 1, r.doubles(32, -0.3, 0.3).toArray(), new double[] {1}, MlpPredictor.Activation.IDENTITY)),
                0.5, 2.0);
    }

    @Setup(Level.Trial)
    public void setUp() {
        LatencyDirectory directory = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        workload = new CompiledWorkload(directory);
        CompiledTrace trace = new CompiledTrace(workload, PoissonTraceGenerator.generate(directory, 1000, 3, 10, 1));
        predictor = randomPredictor(directory.tables().stream().map(LatencyTable::modelName).toList(), 5);
        round = new KernelThroughput(trace, Schedulers.parseList(scheduler, new LearnedGamma(predictor, "random weights")),
                KernelOptions.PUBLISHED);
        input = new double[predictor.featureNames().size()];
        PredictorFeatures.fill(workload, 0, 0, workload.rowStart(0, 0), 3, input);
        System.out.println("\nlayer steps per round: " + round.round());
    }

    /** One run of {@code scheduler} over the trace. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long round(Blackhole blackhole) {
        long steps = round.round();
        blackhole.consume(round.lastFinishSeconds());
        return steps;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public double forwardPass() { return predictor.predict(input); }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double[] gammaTable() { return predictor.gammaTable(workload); }
}

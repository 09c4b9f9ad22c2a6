package dev.cotenant.benchmarks;

import dev.cotenant.simulator.evaluate.BatchEvaluator;
import dev.cotenant.simulator.evaluate.MetricMatrix;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The tuner's typical call: a population of 64 {@code dysta} parameter vectors over 16 traces of
 * 200 requests. Score = candidate evaluations (candidate x trace cells) per second; compare the
 * {@code threads} = 1 and 2 rows of one run for the scaling.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BatchEvaluationBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BatchEvaluationBenchmark {
    static final int POPULATION = 64;
    static final int TRACES = 16;

    @Param({"1", "2"})
    int threads;

    private BatchEvaluator evaluator;
    private List<Policy> population;

    @Setup(Level.Trial)
    public void setUp() {
        LatencyDirectory directory = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        CompiledWorkload workload = new CompiledWorkload(directory);
        List<CompiledTrace> traces = new ArrayList<>();
        for (int t = 0; t < TRACES; t++) {
            traces.add(new CompiledTrace(workload, PoissonTraceGenerator.generate(directory, 200, 6 + t % 4, 5 + t % 3 * 2.5, t)));
        }
        evaluator = new BatchEvaluator(traces, KernelOptions.PUBLISHED, threads);
        Parameter beta = Schedulers.space("dysta").get(0);
        SplittableRandom random = new SplittableRandom(1);
        population = new ArrayList<>();
        for (int i = 0; i < POPULATION; i++) {
            double logBeta = random.nextDouble(Math.log(beta.lower()), Math.log(beta.upper()));
            population.add(Policy.of("dysta", new double[] {Math.exp(logBeta)}));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() { evaluator.close(); }

    @Benchmark
    @OperationsPerInvocation(POPULATION * TRACES)
    public double generation() {
        MetricMatrix m = evaluator.evaluate(population);
        return m.mean(0, Metric.VIOLATION_RATE);
    }
}

package dev.cotenant.benchmarks;

import dev.cotenant.search.optimal.ExactOrderSolver;
import dev.cotenant.experiments.bench.MoveCost;
import dev.cotenant.search.optimal.OnlineBaseline;
import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.planner.PlannerPartSolver;
import dev.cotenant.simulator.evaluate.BusyPeriods;
import dev.cotenant.simulator.evaluate.IncrementalScheduleEvaluator;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
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
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A scored move inside OptaPlanner, all costs included (move selection, the list variable's
 * bookkeeping, the score calculator, adopting each step), against a full re-simulation of the
 * same trace: 1,000 requests at {@code rate}/s, SLO multiplier 10, seed 1. One invocation solves
 * every busy period the optimiser gives to OptaPlanner from its seed order, with budgets of
 * scored moves in proportion to their sizes that add up to {@value #MOVES} (solver construction
 * per period included, as in the optimiser). {@code plannerWholePeriod} scores by a kernel run of
 * the period instead (the path before trajectories).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PlannerMoveBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlannerMoveBenchmark {
    static final int MOVES = 65_536;

    @Param({"8", "9"})
    double rate;

    private BusyPeriods periods;
    private int[] searched;
    private long[] budget;
    private int[][] seeds;
    private MoveCost full;
    private IncrementalScheduleEvaluator trajectory, wholePeriod;

    @Setup(Level.Trial)
    public void setUp() {
        LatencyDirectory directory = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        CompiledTrace trace = new CompiledTrace(new CompiledWorkload(directory), PoissonTraceGenerator.generate(directory, 1000, rate, 10, 1));
        ScheduleObjective objective = ScheduleObjective.LEXICOGRAPHIC;
        periods = BusyPeriods.of(trace, KernelOptions.PUBLISHED);
        int count = 0, requests = 0;
        for (int p = 0; p < periods.count(); p++) {
            if (periods.size(p) > ExactOrderSolver.DEFAULT_MAX_REQUESTS) {
                count++;
                requests += periods.size(p);
            }
        }
        searched = new int[count];
        budget = new long[count];
        seeds = new int[count][];
        long given = 0;
        for (int p = 0, i = 0; p < periods.count(); p++) {
            if (periods.size(p) <= ExactOrderSolver.DEFAULT_MAX_REQUESTS) continue;
            searched[i] = p;
            budget[i] = i == count - 1 ? MOVES - given : (long) MOVES * periods.size(p) / requests;
            given += budget[i];
            seeds[i++] = OnlineBaseline.of(periods.part(p), objective).completionOrder();
        }
        trajectory = new IncrementalScheduleEvaluator(periods, KernelOptions.PUBLISHED, objective, 0);
        IncrementalScheduleEvaluator.PartScore plain = new IncrementalScheduleEvaluator.PartScore() {
            @Override public int dimensions() { return 2; }
            @Override public void score(CompiledTrace part, Outcome o, double[] out) { objective.score(part, o, out); }
        };
        wholePeriod = new IncrementalScheduleEvaluator(periods, KernelOptions.PUBLISHED, plain, 0);
        full = new MoveCost(trace, 1);
        System.out.printf("%nrate %.1f/s: %d busy periods searched by OptaPlanner, %d requests; %s%n", rate, count, requests, full.describe());
    }

    private double solveAll(IncrementalScheduleEvaluator evaluator) {
        double sum = 0;
        for (int i = 0; i < searched.length; i++) {
            PlannerPartSolver.Result r = PlannerPartSolver.solve(evaluator, searched[i], ScheduleObjective.LEXICOGRAPHIC, seeds[i],
                    new PlannerPartSolver.Settings(Duration.ofSeconds(600), budget[i], 1 + searched[i], 50), null);
            sum += r.cost().normalizedTurnaroundSum();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(MOVES)
    public double plannerTrajectory() { return solveAll(trajectory); }

    @Benchmark
    @OperationsPerInvocation(MOVES)
    public double plannerWholePeriod() { return solveAll(wholePeriod); }

    /** The reference: one move scored by re-simulating the whole trace (as in MoveEvaluationBenchmark). */
    @Benchmark
    public double fullResimulation() { return full.fullResimulation(); }
}

package dev.cotenant.benchmarks;

import dev.cotenant.search.optimal.ExactOrderSolver;
import dev.cotenant.search.optimal.OnlineBaseline;
import dev.cotenant.search.optimal.ScheduleObjective;
import dev.cotenant.simulator.evaluate.BusyPeriods;
import dev.cotenant.simulator.evaluate.IncrementalScheduleEvaluator;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.policy.FixedOrder;
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
 * schedule. 1,000 Poisson requests on the built-in four-CNN directory, SLO multiplier 10, at
 * {@code rate} requests/s (3: the artifact's load, ~0.33; 8: ~0.87). Every benchmark runs the
 * same seeded stream of moves ({@link OrderMoves}) as a hill climb: apply the move to the
 * working order, score it, keep it if no worse, else undo. Scores are the optimiser's
 * ({@link ScheduleObjective#LEXICOGRAPHIC}); each period starts from its best online heuristic's
 * completion order, as in the optimiser. Moves go to the periods the optimiser searches with
 * OptaPlanner (more than {@value ExactOrderSolver#DEFAULT_MAX_REQUESTS} requests); at 3/s there are
 * none, so there every period of at least two requests gets moves.
 *
 * <ul>
 *   <li>{@code fullResimulation}: the whole 1,000-request order through the kernel
 *       ({@link FixedOrder}) and the objective: what a move costs without decomposition;</li>
 *   <li>{@code moveColdMemo}: {@link IncrementalScheduleEvaluator#scorePart} with no memo, so
 *       every move re-runs its busy period;</li>
 *   <li>{@code moveWarmMemo}: the same call with the optimiser's memo, on a pool of 64 moves that
 *       repeats, so almost every call is a memo hit (the cost of a move and its undo seen before).</li>
 * </ul>
 * Mode is average time per move; the ratio of the first row to the others is the saving.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MoveEvaluationBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MoveEvaluationBenchmark {
    static final int MOVES = 4096;
    static final int REPEATED_MOVES = 64;

    @Param({"3", "8"})
    double rate;

    private CompiledTrace trace;
    private BusyPeriods periods;
    private OrderMoves moves;
    private int[][] partOrder;        // working order per period, local ids
    private double[][] partScore;     // its score
    private int[] globalOrder;        // the same orders, concatenated, global ids
    private double[] globalScore;
    private final double[] candidate = new double[2];
    private TimeMultiplexedKernel kernel;
    private final Outcome outcome = new Outcome();
    private IncrementalScheduleEvaluator wholePeriod, memo, trajectory;
    private final double[] moveScore = new double[2];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        LatencyDirectory directory = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        trace = new CompiledTrace(new CompiledWorkload(directory), PoissonTraceGenerator.generate(directory, 1000, rate, 10, 1));
        periods = BusyPeriods.of(trace, KernelOptions.PUBLISHED);
        kernel = new TimeMultiplexedKernel(KernelOptions.PUBLISHED);
        ScheduleObjective objective = ScheduleObjective.LEXICOGRAPHIC;
        // the objective as a plain part score: the evaluator then re-runs a move's whole period
        IncrementalScheduleEvaluator.PartScore asWhole = new IncrementalScheduleEvaluator.PartScore() {
            @Override public int dimensions() { return 2; }
            @Override public void score(CompiledTrace part, Outcome o, double[] out) { objective.score(part, o, out); }
        };
        wholePeriod = new IncrementalScheduleEvaluator(periods, KernelOptions.PUBLISHED, asWhole, 0);
        memo = new IncrementalScheduleEvaluator(periods, KernelOptions.PUBLISHED, asWhole, 4096);
        trajectory = new IncrementalScheduleEvaluator(periods, KernelOptions.PUBLISHED, objective, 0);
        int minSize = periods.largestSize() > ExactOrderSolver.DEFAULT_MAX_REQUESTS ? ExactOrderSolver.DEFAULT_MAX_REQUESTS + 1 : 2;
        moves = new OrderMoves(periods, minSize, MOVES, 1);
        partOrder = new int[periods.count()][];
        partScore = new double[periods.count()][];
        globalOrder = new int[trace.size()];
        for (int p = 0; p < periods.count(); p++) {
            partOrder[p] = periods.size(p) == 1 ? new int[] {0} : OnlineBaseline.of(periods.part(p), objective).completionOrder();
            partScore[p] = wholePeriod.scorePart(p, partOrder[p]);
            trajectory.scorePart(p, partOrder[p]);
            for (int i = 0; i < partOrder[p].length; i++) globalOrder[periods.firstRequest(p) + i] = periods.firstRequest(p) + partOrder[p][i];
        }
        globalScore = new double[2];
        kernel.run(trace, FixedOrder.ofSequence(globalOrder), outcome, null);
        objective.score(trace, outcome, globalScore);

        long searchedRequests = 0, sizeSquares = 0;
        for (int p = 0; p < periods.count(); p++) {
            if (periods.size(p) >= minSize) {
                searchedRequests += periods.size(p);
                sizeSquares += (long) periods.size(p) * periods.size(p);
            }
        }
        System.out.printf("%nrate %.1f/s: offered load %.2f, %d busy periods, largest %d requests; moves in periods of >= %d requests "
                        + "(%d requests), mean period size per move %.1f; whole-trace layer steps %d%n",
                rate, trace.totalWorkSeconds() / (trace.arrivalSeconds(trace.size() - 1) - trace.arrivalSeconds(0)), periods.count(),
                periods.largestSize(), minSize, searchedRequests, (double) sizeSquares / searchedRequests, outcome.layerSteps());
    }

    /** Lexicographic, ties (within the optimiser's tolerance) count as no worse. */
    static boolean noWorse(double[] a, double[] b) {
        double missTolerance = ScheduleObjective.RELATIVE_TIE * Math.max(1, Math.max(Math.abs(a[0]), Math.abs(b[0])));
        if (a[0] < b[0] - missTolerance) return true;
        if (a[0] > b[0] + missTolerance) return false;
        double tolerance = ScheduleObjective.RELATIVE_TIE * Math.max(1, Math.max(Math.abs(a[1]), Math.abs(b[1])));
        return a[1] <= b[1] + tolerance;
    }

    @Benchmark
    public double fullResimulation() {
        int m = next++ & (MOVES - 1);
        int p = moves.part[m];
        moves.apply(m, globalOrder, periods.firstRequest(p));
        kernel.run(trace, FixedOrder.ofSequence(globalOrder), outcome, null);
        ScheduleObjective.LEXICOGRAPHIC.score(trace, outcome, candidate);
        if (noWorse(candidate, globalScore)) {
            globalScore[0] = candidate[0];
            globalScore[1] = candidate[1];
        } else {
            moves.undo(globalOrder);
        }
        return candidate[1];
    }

    @Benchmark
    public double moveWholePeriod() { return move(wholePeriod, next++ & (MOVES - 1)); }

    @Benchmark
    public double moveWarmMemo() { return move(memo, next++ & (REPEATED_MOVES - 1)); }

    /** The optimiser's path: the part's trajectory re-runs only what the move can change. */
    @Benchmark
    public double moveTrajectory() {
        int m = next++ & (MOVES - 1);
        int p = moves.part[m];
        int[] order = partOrder[p];
        moves.apply(m, order, 0);
        trajectory.scorePart(p, order, moveScore);
        if (noWorse(moveScore, partScore[p])) {
            partScore[p][0] = moveScore[0];
            partScore[p][1] = moveScore[1];
            trajectory.adopt(p, order); // the step: later moves are compared with this order
        } else {
            moves.undo(order);
        }
        return moveScore[1];
    }

    @TearDown(Level.Trial)
    public void report() {
        long[] steps = trajectory.trajectorySteps();
        if (steps[1] > 0) {
            System.out.printf("%ntrajectory: %d of %d period layers simulated (%.1f%%)%n", steps[0], steps[1], 100.0 * steps[0] / steps[1]);
        }
    }

    private double move(IncrementalScheduleEvaluator evaluator, int m) {
        int p = moves.part[m];
        int[] order = partOrder[p];
        moves.apply(m, order, 0);
        double[] score = evaluator.scorePart(p, order);
        if (noWorse(score, partScore[p])) partScore[p] = score;
        else moves.undo(order);
        return score[1];
    }
}

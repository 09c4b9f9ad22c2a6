package dev.cotenant.experiments.bench;

import dev.cotenant.search.optimal.ExactOrderSolver;
import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.search.optimal.OnlineBaseline;

import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.simulator.evaluate.BusyPeriods;
import dev.cotenant.simulator.evaluate.IncrementalScheduleEvaluator;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.policy.FixedOrder;

import java.util.Arrays;

/**
 * What one local-search move of the offline optimiser costs, against a full re-simulation of the
 * schedule (issue #9: at least 20x less on a 1,000-request trace). Three paths run the same
 * seeded stream of the planner's moves ({@link OrderMoves}: swap, change, sub-list move or
 * reversal, in the busy periods the optimiser searches with OptaPlanner) as a hill climb: apply
 * the move to the working order, score it with the optimiser's objective, keep it if no worse
 * (then the trajectory adopts it, as after an OptaPlanner step), else undo it. Each busy period
 * starts from its best online heuristic's completion order, as in {@link OfflineOptimizer}.
 * <ul>
 *   <li>{@link #fullResimulation}: the whole order through the kernel ({@link FixedOrder}) and
 *       the objective, what a move costs without decomposition;</li>
 *   <li>{@link #wholePeriod}: a kernel run of the move's busy period only;</li>
 *   <li>{@link #trajectory}: the optimiser's path, the period's trajectory re-running only the
 *       stretch the move can change.</li>
 * </ul>
 * The JMH benchmark {@code MoveEvaluationBenchmark} times each path alone; {@link #measure}
 * alternates them in short rounds in one process, so a shared machine's load drifts hit all
 * three alike, and reports the median ratio over rounds.
 */
public final class MoveCost {
    static final int MOVES = 4096;

    private final ScheduleObjective objective;
    private final CompiledTrace trace;
    private final BusyPeriods periods;
    private final OrderMoves moves;
    private final int minPartSize;
    private final long fullLayerSteps;

    // full re-simulation: the concatenated orders, global ids
    private final int[] globalOrder;
    private final double[] globalScore = new double[2];
    private final TimeMultiplexedKernel kernel = new TimeMultiplexedKernel(KernelOptions.PUBLISHED);
    private final Outcome outcome = new Outcome();
    private int nextFull;

    private final Path wholePeriod, trajectory;
    private final double[] candidate = new double[2];

    /** One part-wise path: its own working orders and scores, so the paths do not interfere. */
    private final class Path {
        final IncrementalScheduleEvaluator evaluator;
        final int[][] order;
        final double[][] score;
        int next;

        Path(IncrementalScheduleEvaluator.PartScore partScore, int[][] seedOrders) {
            evaluator = new IncrementalScheduleEvaluator(periods, KernelOptions.PUBLISHED, partScore, 0);
            order = new int[seedOrders.length][];
            score = new double[seedOrders.length][];
            for (int p = 0; p < seedOrders.length; p++) {
                order[p] = seedOrders[p].clone();
                score[p] = evaluator.scorePart(p, order[p]);
            }
        }

        double move() {
            int m = next++ & (MOVES - 1);
            int p = moves.part[m];
            int[] o = order[p];
            moves.apply(m, o, 0);
            evaluator.scorePart(p, o, candidate);
            if (noWorse(objective, candidate, score[p])) {
                score[p][0] = candidate[0];
                score[p][1] = candidate[1];
                evaluator.adopt(p, o);
            } else {
                moves.undo(o);
            }
            return candidate[1];
        }
    }

    /** With the optimiser's default objective, {@link ScheduleObjective#LEXICOGRAPHIC}. */
    public MoveCost(CompiledTrace trace, long seed) { this(trace, seed, ScheduleObjective.LEXICOGRAPHIC); }

    /**
     * @param seed      of the move stream
     * @param objective scores the moves and decides which to keep, in its own mode (lexicographic or weighted sum)
     */
    public MoveCost(CompiledTrace trace, long seed, ScheduleObjective objective) {
        this.objective = objective;
        this.trace = trace;
        periods = BusyPeriods.of(trace, KernelOptions.PUBLISHED);
        // the periods OptaPlanner searches; with none (light load), every period of two or more
        minPartSize = periods.largestSize() > ExactOrderSolver.DEFAULT_MAX_REQUESTS ? ExactOrderSolver.DEFAULT_MAX_REQUESTS + 1 : 2;
        moves = new OrderMoves(periods, minPartSize, MOVES, seed);
        int[][] seedOrders = new int[periods.count()][];
        globalOrder = new int[trace.size()];
        for (int p = 0; p < periods.count(); p++) {
            seedOrders[p] = periods.size(p) == 1 ? new int[] {0} : OnlineBaseline.of(periods.part(p), objective).completionOrder();
            for (int i = 0; i < seedOrders[p].length; i++) globalOrder[periods.firstRequest(p) + i] = periods.firstRequest(p) + seedOrders[p][i];
        }
        kernel.run(trace, FixedOrder.ofSequence(globalOrder), outcome, null);
        objective.score(trace, outcome, globalScore);
        fullLayerSteps = outcome.layerSteps();
        // the objective as a plain part score: the evaluator then re-runs a move's whole period
        IncrementalScheduleEvaluator.PartScore plain = new IncrementalScheduleEvaluator.PartScore() {
            @Override public int dimensions() { return 2; }
            @Override public void score(CompiledTrace part, Outcome o, double[] out) { objective.score(part, o, out); }
        };
        wholePeriod = new Path(plain, seedOrders);
        trajectory = new Path(objective, seedOrders);
    }

    /** By {@code objective}'s own order (lexicographic or weighted sum); ties within its tolerance count as no worse. */
    static boolean noWorse(ScheduleObjective objective, double[] a, double[] b) { return objective.compare(a, b) <= 0; }

    /** One move, scored by re-simulating the whole trace; returns its turnaround sum. */
    public double fullResimulation() {
        int m = nextFull++ & (MOVES - 1);
        moves.apply(m, globalOrder, periods.firstRequest(moves.part[m]));
        kernel.run(trace, FixedOrder.ofSequence(globalOrder), outcome, null);
        objective.score(trace, outcome, candidate);
        if (noWorse(objective, candidate, globalScore)) {
            globalScore[0] = candidate[0];
            globalScore[1] = candidate[1];
        } else {
            moves.undo(globalOrder);
        }
        return candidate[1];
    }

    /** One move, scored by a kernel run of its busy period. */
    public double wholePeriod() { return wholePeriod.move(); }

    /** One move, scored the optimiser's way. */
    public double trajectory() { return trajectory.move(); }

    /** Layers the trajectory path simulated, over what whole-period runs of the same evaluations would. */
    public double trajectorySimulatedFraction() {
        long[] steps = trajectory.evaluator.trajectorySteps();
        return steps[1] == 0 ? Double.NaN : (double) steps[0] / steps[1];
    }

    public String describe() {
        long searched = 0, sizeSquares = 0;
        for (int p = 0; p < periods.count(); p++) {
            if (periods.size(p) >= minPartSize) {
                searched += periods.size(p);
                sizeSquares += (long) periods.size(p) * periods.size(p);
            }
        }
        double span = trace.arrivalSeconds(trace.size() - 1) - trace.arrivalSeconds(0);
        return String.format(java.util.Locale.ROOT, "%d requests, offered load %.2f, %d busy periods (largest %d requests), %d layer steps per full run; "
                        + "moves in periods of >= %d requests (%d requests), mean period per move %.1f requests",
                trace.size(), trace.totalWorkSeconds() / span, periods.count(), periods.largestSize(), fullLayerSteps,
                minPartSize, searched, (double) sizeSquares / searched);
    }

    /** Median microseconds per move of each path over the rounds, and the median per-round ratios. */
    public record Result(int rounds, double fullMicros, double wholePeriodMicros, double trajectoryMicros,
                         double ratioWholePeriod, double ratioTrajectory, double simulatedFraction) {}

    /**
     * Warms up, then alternates the three paths in rounds (each path ~{@code roundMillis}) for about
     * {@code seconds}; per round the ratio of the full re-simulation's time per move to each
     * part-wise path's. Medians over rounds.
     */
    public Result measure(double warmupSeconds, double seconds, double roundMillis) {
        double sink = 0;
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < warmEnd) {
            for (int i = 0; i < 20; i++) sink += fullResimulation();
            for (int i = 0; i < 200; i++) sink += wholePeriod() + trajectory();
        }
        // calibrate batch sizes to about roundMillis each
        int fullBatch = batch(0, roundMillis), wholeBatch = batch(1, roundMillis), trajectoryBatch = batch(2, roundMillis);
        int rounds = Math.max(3, (int) (seconds * 1e3 / (3 * roundMillis)));
        double[] full = new double[rounds], whole = new double[rounds], traj = new double[rounds];
        double[] ratioWhole = new double[rounds], ratioTraj = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            full[r] = time(0, fullBatch);
            whole[r] = time(1, wholeBatch);
            traj[r] = time(2, trajectoryBatch);
            ratioWhole[r] = full[r] / whole[r];
            ratioTraj[r] = full[r] / traj[r];
        }
        sinkHole += sink;
        return new Result(rounds, median(full), median(whole), median(traj), median(ratioWhole), median(ratioTraj), trajectorySimulatedFraction());
    }

    /** Where results go so the JIT cannot drop the work; read by nobody. */
    private double sinkHole;

    private int batch(int path, double roundMillis) {
        int n = 1;
        while (true) {
            double micros = time(path, n) * n;
            if (micros >= roundMillis * 1e3 / 4 || n > 1 << 20) return Math.max(1, (int) (n * roundMillis * 1e3 / Math.max(micros, 1)));
            n *= 2;
        }
    }

    /** Microseconds per move of {@code n} moves on path 0 (full), 1 (whole period) or 2 (trajectory). */
    private double time(int path, int n) {
        double sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) sink += path == 0 ? fullResimulation() : path == 1 ? wholePeriod() : trajectory();
        long nanos = System.nanoTime() - start;
        sinkHole += sink;
        return nanos / 1e3 / n;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

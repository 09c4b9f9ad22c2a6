package dev.cotenant.search.optimal;

import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.search.optimal.certify.CpSat;
import dev.cotenant.search.optimal.certify.PartCertifier;
import dev.cotenant.search.optimal.certify.PreemptiveMissBound;
import dev.cotenant.search.optimal.planner.PlannerPartSolver;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.evaluate.BusyPeriods;
import dev.cotenant.simulator.evaluate.IncrementalScheduleEvaluator;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.policy.FixedOrder;
import dev.cotenant.simulator.policy.LayerPlan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The clairvoyant baseline of the time-multiplexed setting: the best priority order over a trace's
 * requests ({@link FixedOrder}, run by the kernel preemptively at layer boundaries), found busy
 * period by busy period. A period of one request is trivial; a period of at most
 * {@link Settings#exactMaxRequests()} requests is proven by {@link ExactOrderSolver}; a larger one
 * is searched by OptaPlanner from the best online heuristic's completion order and bounded by
 * {@link RelaxationBound}. With {@link Settings#certify()} set, every period's weighted misses are
 * then proven optimal over every schedule the kernel can run, or bracketed, by
 * {@link PartCertifier} (CP-SAT), whose schedule replaces the order's when the kernel measures it
 * better. The periods' layer plans are run once more over the whole trace by the kernel
 * ({@link LayerPlan}), and that run is the reported result.
 *
 * <p>Real-time traces: every schedule is run by the kernel with the settings' {@link DropRule}, so
 * predecessors release their dependants and drops happen exactly as for the heuristics. Busy periods
 * stay separable ({@link BusyPeriods}: periods linked by a dependency are merged); a part's orders
 * are then scored by whole kernel runs of the part, not by the incremental trajectory. An objective
 * with the worst model's miss rate first does not add up over busy periods: it is searched over the
 * trace as one part, and not certified (CP-SAT proves weighted misses, its second key); so is one
 * with the XR score first. Their bounds are {@link RelaxationBound}'s.
 */
public final class OfflineOptimizer {
    /**
     * @param timeLimit         wall-clock budget of the OptaPlanner searches, shared by the large
     *                          periods in proportion to their size
     * @param exactMaxRequests  periods up to this size go to the exact solver
     * @param exactNodeLimit    kernel runs the exact solver may spend per period before giving up the proof
     * @param exactOnly         refuse (bad input) a trace with a period larger than {@code exactMaxRequests}
     * @param scoreCalculationsPerRequest stop a period's local search after this many scored moves
     *                          per request of the period (null: only the time limit); makes runs
     *                          reproducible when the time limit does not bind
     * @param certify           CP-SAT settings of the certification of each period's weighted misses, or null: none
     * @param drop              the kernel's drop rule, as the heuristics compared with run it ({@link DropRule#NONE}: the published kernel)
     */
    public record Settings(ScheduleObjective objective, Duration timeLimit, int exactMaxRequests, long exactNodeLimit,
                           boolean exactOnly, Integer scoreCalculationsPerRequest, long randomSeed, CpSat certify, DropRule drop) {
        /** Without certification. */
        public Settings(ScheduleObjective objective, Duration timeLimit, int exactMaxRequests, long exactNodeLimit,
                        boolean exactOnly, Integer scoreCalculationsPerRequest, long randomSeed) {
            this(objective, timeLimit, exactMaxRequests, exactNodeLimit, exactOnly, scoreCalculationsPerRequest, randomSeed, null);
        }

        /** The published kernel: nothing dropped. */
        public Settings(ScheduleObjective objective, Duration timeLimit, int exactMaxRequests, long exactNodeLimit,
                        boolean exactOnly, Integer scoreCalculationsPerRequest, long randomSeed, CpSat certify) {
            this(objective, timeLimit, exactMaxRequests, exactNodeLimit, exactOnly, scoreCalculationsPerRequest, randomSeed, certify, DropRule.NONE);
        }

        public Settings {
            if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) {
                throw BadInputException.setting("time_limit_s", "must be > 0 seconds, got " + (timeLimit == null ? "none" : timeLimit.toMillis() / 1e3));
            }
            if (exactMaxRequests < 1 || exactMaxRequests > ExactOrderSolver.HARD_MAX_REQUESTS) {
                throw BadInputException.setting("exact_max", "must be in 1.." + ExactOrderSolver.HARD_MAX_REQUESTS + ", got " + exactMaxRequests);
            }
            if (drop == null) throw new IllegalArgumentException("drop is null");
        }

        /** The kernel every schedule of the optimum is run with. */
        public KernelOptions kernelOptions() { return KernelOptions.PUBLISHED.withDrop(drop); }

        public static Settings defaults(Duration timeLimit) {
            return new Settings(ScheduleObjective.LEXICOGRAPHIC, timeLimit, ExactOrderSolver.DEFAULT_MAX_REQUESTS, 200_000, false, null, 1);
        }

        public Settings withScoreCalculationsPerRequest(Integer perRequest) {
            return new Settings(objective, timeLimit, exactMaxRequests, exactNodeLimit, exactOnly, perRequest, randomSeed, certify, drop);
        }

        public Settings withCertify(CpSat cpSat) {
            return new Settings(objective, timeLimit, exactMaxRequests, exactNodeLimit, exactOnly, scoreCalculationsPerRequest, randomSeed, cpSat, drop);
        }

        public Settings withDrop(DropRule rule) {
            return new Settings(objective, timeLimit, exactMaxRequests, exactNodeLimit, exactOnly, scoreCalculationsPerRequest, randomSeed, certify, rule);
        }

        public Settings withObjective(ScheduleObjective o) {
            return new Settings(o, timeLimit, exactMaxRequests, exactNodeLimit, exactOnly, scoreCalculationsPerRequest, randomSeed, certify, drop);
        }
    }

    /**
     * How one busy period was solved. {@code method}: trivial, exact or optaplanner.
     *
     * @param proven             optimal within the fixed-order family
     * @param stoppedByTimeLimit OptaPlanner's search of this part ended on the wall clock, not its move budget
     * @param relaxationBound    no schedule at all beats it (the exact preemptive bound when certified)
     * @param certifiedBound     no kernel schedule beats it (weighted misses: certified, else the
     *                           relaxation's; turnaround: the relaxation's)
     * @param missesProven       the part's weighted misses are optimal over every kernel schedule
     * @param certificate        what proved or bounded the misses ("not certified" without certification)
     * @param turnaroundBound    the second lexicographic solve's bound: no kernel schedule with the part's proven
     *                           weighted misses has a smaller normalised turnaround sum; NaN when that solve
     *                           did not run ({@code --certify-turnaround})
     */
    public record PartReport(int part, int firstRequest, int requests, String method, boolean proven, Cost cost,
                             Cost familyBound, Cost seedCost, long millis, boolean stoppedByTimeLimit,
                             Cost relaxationBound, Cost certifiedBound, boolean missesProven, String certificate,
                             double turnaroundBound) {
        /** The part's turnaround is proven lexicographically optimal over every schedule. */
        public boolean turnaroundProven() {
            return !Double.isNaN(turnaroundBound) && cost.normalizedTurnaroundSum() <= turnaroundBound + 1e-6 * Math.max(1, turnaroundBound);
        }
    }

    /** Told about each busy period as it is solved, and about new bests during a search. */
    public interface Progress {
        void partSolved(PartReport report, int partsTotal);

        default void searching(int part, int requests, Cost best) {}
    }

    /**
     * @param sequence        the order of every request, first to rank first
     * @param outcome         the kernel's run of that order over the whole trace
     * @param cost            its cost
     * @param familyBound     per period the proven optimum or the relaxation bound, summed: no
     *                        fixed order does better
     * @param relaxationBound no schedule at all (fixed order or not) does better
     * @param proven          every period was proven optimal within the family
     * @param baseline        the best published online heuristic on the whole trace
     * @param layerPlan       the answer as run: request id per layer step ({@link LayerPlan}); equal
     *                        to {@code sequence}'s run unless CP-SAT improved a period, where
     *                        {@code sequence} ranks that period's requests by finish time
     * @param certifiedBound  no schedule the kernel can run does better, per component
     * @param partsMissesProven periods whose weighted misses are optimal over every kernel schedule
     */
    public record Solution(int[] sequence, Outcome outcome, Cost cost, Cost familyBound, Cost relaxationBound, boolean proven,
                           OnlineBaseline baseline, List<PartReport> parts, long scoredOrders, long cacheHits, double seconds,
                           int[] layerPlan, Cost certifiedBound, int partsMissesProven) {
        /** Every period's weighted misses are proven optimal over every kernel schedule. */
        public boolean missesProven() { return partsMissesProven == parts.size(); }

        /** Periods whose CP-SAT schedule replaced the best fixed order. */
        public int partsImprovedByCpSat() { return (int) parts.stream().filter(p -> p.certificate().startsWith("CP-SAT schedule")).count(); }

        /** Periods whose turnaround the second lexicographic solve ran on. */
        public int partsTurnaroundCertified() { return (int) parts.stream().filter(p -> !Double.isNaN(p.turnaroundBound())).count(); }

        /** Periods whose turnaround (with their misses) is proven optimal over every schedule. */
        public int partsTurnaroundProven() { return (int) parts.stream().filter(PartReport::turnaroundProven).count(); }

        /** Periods whose turnaround CP-SAT's schedule improved (misses unchanged). */
        public int partsTurnaroundImprovedByCpSat() { return (int) parts.stream().filter(p -> p.certificate().contains("turnaround improved")).count(); }

        /**
         * Per period the second solve's turnaround bound where it ran, else the relaxation's: no schedule
         * whose periods miss no more than the answer's has a smaller turnaround sum.
         */
        public double certifiedTurnaroundBound() {
            double sum = 0;
            for (PartReport p : parts) sum += Double.isNaN(p.turnaroundBound()) ? p.certifiedBound().normalizedTurnaroundSum() : Math.max(p.turnaroundBound(), p.certifiedBound().normalizedTurnaroundSum());
            return sum;
        }

        /** Parts whose search the wall clock ended: while this is 0 the solution is a function of the trace and settings alone. */
        public int partsStoppedByTimeLimit() { return (int) parts.stream().filter(PartReport::stoppedByTimeLimit).count(); }
    }

    private OfflineOptimizer() {}

    public static Solution solve(CompiledTrace trace, Settings settings, Progress progress) {
        if (trace.size() == 0) throw BadInputException.setting("trace", "the trace is empty: nothing to schedule");
        long started = System.nanoTime();
        ScheduleObjective objective = settings.objective();
        KernelOptions options = settings.kernelOptions();
        boolean wholeTrace = objective.wholeTrace();
        // CP-SAT certifies weighted misses, the second key of an objective with a first key: not run under one.
        CpSat certify = wholeTrace ? null : settings.certify();
        BusyPeriods periods = wholeTrace ? BusyPeriods.whole(trace, options) : BusyPeriods.of(trace, options);
        if (settings.exactOnly() && periods.largestSize() > settings.exactMaxRequests()) {
            throw BadInputException.setting("exact", "the largest busy period has " + periods.largestSize()
                    + " requests, above the exact solver's limit of " + settings.exactMaxRequests() + " (raise exact_max, at most "
                    + ExactOrderSolver.HARD_MAX_REQUESTS + ", or turn exact off)");
        }
        // No memo: OptaPlanner does not score a move's undo, so orders recur rarely (0.6% of scores
        // on 1,000 requests at 8/s), and a memo entry costs a copy of the order per scored move;
        // the evaluator's trajectories make a move cheap instead.
        IncrementalScheduleEvaluator evaluator = new IncrementalScheduleEvaluator(periods, options, objective, 0);
        long largeRequests = 0;
        for (int p = 0; p < periods.count(); p++) if (periods.size(p) > settings.exactMaxRequests()) largeRequests += periods.size(p);

        List<PartReport> reports = new ArrayList<>();
        int[] sequence = new int[trace.size()];
        int filled = 0;
        int totalSteps = 0;
        for (int r = 0; r < trace.size(); r++) totalSteps += trace.layerCount(r);
        int[] layerPlan = new int[totalSteps];
        int planned = 0;
        Cost familyBound = Cost.ZERO, relaxation = Cost.ZERO, certified = Cost.ZERO;
        int missesProven = 0;
        boolean allProven = true;
        for (int p = 0; p < periods.count(); p++) {
            long partStart = System.nanoTime();
            CompiledTrace part = periods.part(p);
            int n = part.size();
            Cost partRelaxation = RelaxationBound.of(part, options.drop(), objective.first());
            int[] local;
            Cost cost;
            Cost seedCost;
            String method;
            boolean proven;
            boolean byTime = false;
            // The exact preemptive relaxation, solved first: its on-time set by deadline is often a
            // far better start than any online heuristic (and a lower bound to stop at).
            PreemptiveMissBound.Result preemptive = certify != null && n > 1 ? PreemptiveMissBound.of(part, certify) : null;
            if (n == 1) {
                local = new int[] {0};
                cost = Cost.of(evaluator.scorePart(p, local));
                seedCost = cost;
                method = "trivial";
                proven = true;
            } else {
                OnlineBaseline seed = OnlineBaseline.of(part, objective, options);
                seedCost = seed.completionOrderCost();
                int[] start = seed.completionOrder();
                if (preemptive != null) {
                    int[] edf = PartCertifier.edfOrder(part, preemptive.late());
                    if (objective.compare(Cost.of(evaluator.scorePart(p, edf)), seedCost) < 0) start = edf;
                }
                if (n <= settings.exactMaxRequests()) {
                    ExactOrderSolver.Result exact = new ExactOrderSolver(objective, settings.exactNodeLimit(), options).solve(part, start);
                    local = exact.sequence();
                    cost = exact.cost();
                    method = "exact";
                    proven = exact.proven();
                } else {
                    long share = Math.max(50, settings.timeLimit().toMillis() * n / Math.max(1, largeRequests));
                    int part0 = p;
                    PlannerPartSolver.Result found = PlannerPartSolver.solve(evaluator, p, objective, start,
                            new PlannerPartSolver.Settings(Duration.ofMillis(share), settings.scoreCalculationsPerRequest() == null ? null : (long) settings.scoreCalculationsPerRequest() * n,
                                    settings.randomSeed() + p, 50),
                            progress == null ? null : best -> progress.searching(part0, n, best));
                    local = found.localSequence();
                    cost = found.cost();
                    method = "optaplanner";
                    proven = false;
                    byTime = found.stoppedByTimeLimit();
                }
            }
            Cost familyOptimum = cost; // the family's best, before CP-SAT may leave the family
            int[] plan;
            Cost certifiedPart;
            boolean partMissesProven;
            String certificate;
            double turnaroundBound = Double.NaN;
            if (certify == null) {
                plan = PartCertifier.planOf(part, local, options);
                certifiedPart = partRelaxation;
                partMissesProven = !(cost.weightedMissedDeadlines() > partRelaxation.weightedMissedDeadlines());
                certificate = partMissesProven ? "equals the window bound" : "not certified";
            } else if (n == 1) {
                plan = PartCertifier.planOf(part, local, options);
                certifiedPart = new Cost(cost.weightedMissedDeadlines(), partRelaxation.normalizedTurnaroundSum());
                partMissesProven = true;
                certificate = "single request";
                // Run alone at once, its turnaround is its isolated latency: no schedule does better.
                if (certify.turnaroundMaxRequests() > 0) turnaroundBound = cost.normalizedTurnaroundSum();
            } else {
                PartCertifier.Certificate c = PartCertifier.certify(part, local, cost, objective, certify, preemptive, options);
                plan = c.plan();
                if (c.improvedByCpSat()) local = finishOrder(part, plan, options);
                else if (c.betterOrder() != null) local = c.betterOrder();
                cost = c.cost();
                // Both are valid; the preemptive one is exact for its relaxation, the window one is kept as a floor.
                partRelaxation = new Cost(Math.max(partRelaxation.weightedMissedDeadlines(), c.preemptiveBound()), partRelaxation.normalizedTurnaroundSum());
                certifiedPart = new Cost(Math.max(partRelaxation.weightedMissedDeadlines(), c.kernelBound()), partRelaxation.normalizedTurnaroundSum());
                partMissesProven = c.missesProven();
                certificate = (c.improvedByCpSat() ? "CP-SAT schedule, " : c.betterOrder() != null ? "EDF order on the relaxation's set, " : "") + c.how();
                // The second lexicographic solve needs the first's optimum proven, and is only tractable on small periods.
                if (partMissesProven && n <= certify.turnaroundMaxRequests() && objective.lexicographic()) {
                    PartCertifier.TurnaroundCertificate t = PartCertifier.certifyTurnaround(part, plan, cost, objective, certify, options);
                    turnaroundBound = Math.max(t.turnaroundBound(), partRelaxation.normalizedTurnaroundSum());
                    if (Double.isNaN(t.turnaroundBound())) turnaroundBound = Double.NaN;
                    if (t.improved()) {
                        plan = t.plan();
                        local = finishOrder(part, plan, options);
                        cost = t.cost();
                    }
                    certificate += "; turnaround " + (t.improved() ? "improved by CP-SAT, " : "") + t.status();
                }
            }
            Cost bound = proven ? familyOptimum : partRelaxation;
            familyBound = familyBound.plus(bound);
            allProven &= proven;
            relaxation = relaxation.plus(partRelaxation);
            certified = certified.plus(certifiedPart);
            if (partMissesProven) missesProven++;
            for (int i : local) sequence[filled++] = periods.firstRequest(p) + i;
            for (int i : plan) layerPlan[planned++] = periods.firstRequest(p) + i;
            PartReport report = new PartReport(p, periods.firstRequest(p), n, method, proven, cost, bound, seedCost,
                    (System.nanoTime() - partStart) / 1_000_000, byTime, partRelaxation, certifiedPart, partMissesProven, certificate, turnaroundBound);
            reports.add(report);
            if (progress != null) progress.partSolved(report, periods.count());
        }
        Outcome outcome = new TimeMultiplexedKernel(options).run(trace, new LayerPlan(trace, layerPlan));
        Cost cost = objective.cost(trace, outcome);
        OnlineBaseline baseline = OnlineBaseline.of(trace, objective, options);
        return new Solution(sequence, outcome, cost, familyBound, relaxation, allProven, baseline, List.copyOf(reports),
                evaluator.scoredOrders(), evaluator.cacheHits(), (System.nanoTime() - started) / 1e9, layerPlan, certified, missesProven);
    }

    /** The part's requests by finish time under {@code plan}: a priority order close to the plan. */
    private static int[] finishOrder(CompiledTrace part, int[] plan, KernelOptions options) {
        Outcome o = new TimeMultiplexedKernel(options).run(part, new LayerPlan(part, plan));
        Integer[] order = new Integer[part.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> o.finishSeconds(a) != o.finishSeconds(b) ? Double.compare(o.finishSeconds(a), o.finishSeconds(b)) : Integer.compare(a, b));
        int[] out = new int[order.length];
        for (int i = 0; i < out.length; i++) out[i] = order[i];
        return out;
    }
}

package dev.cotenant.search.optimal.certify;

import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.policy.FixedOrder;
import dev.cotenant.simulator.policy.LayerPlan;

/**
 * Proves a busy period's least priority-weighted missed deadlines over every schedule the kernel
 * can run, or brackets it: first the exact preemptive bound ({@link PreemptiveMissBound}); if the
 * incumbent (the search's best fixed order) already reaches it, that is the proof. Otherwise
 * {@link KernelScheduleModel} searches every layer schedule from the incumbent, with the bound as a
 * cut; its schedule is replayed by the kernel and kept if the kernel measures it better under the
 * objective. Proven when the kernel-measured misses reach the best bound.
 */
public final class PartCertifier {
    /**
     * @param plan              the part's answer, request ids (local) per layer step
     * @param cost              its cost, measured by the kernel and {@link ScheduleObjective}
     * @param preemptiveBound   weighted misses no schedule at all beats (preemption anywhere)
     * @param kernelBound       weighted misses no kernel schedule beats ({@code >= preemptiveBound}); when
     *                          {@code how} says "every layer schedule", none with idling beats it either
     * @param missesProven      {@code cost}'s weighted misses equal {@code kernelBound}
     * @param how               what proved it or what bounded it
     * @param improvedByCpSat   CP-SAT's schedule replaced the incumbent
     * @param betterOrder       a fixed order better than the incumbent's, when {@code plan} is its run (else null)
     */
    public record Certificate(int[] plan, Cost cost, double preemptiveBound, double kernelBound, boolean missesProven, String how,
                              boolean improvedByCpSat, int[] betterOrder) {}

    /** Layer steps an LNS window frees. */
    static final int LNS_WINDOW_STEPS = 300;
    /** Deterministic seconds per LNS solve. */
    static final double LNS_SOLVE_SECONDS = 0.5;

    private PartCertifier() {}

    /** The layer steps the kernel runs for a fixed order: any kernel schedule as a {@link LayerPlan}. */
    public static int[] planOf(CompiledTrace part, int[] order) { return planOf(part, order, KernelOptions.PUBLISHED); }

    /**
     * The same under {@code options}. With a drop rule the layers a dropped request never ran are
     * appended at the end, request by request: a replay never reaches them (the request is dropped
     * at the same decision again), and a {@link LayerPlan} lists every layer.
     */
    public static int[] planOf(CompiledTrace part, int[] order, KernelOptions options) {
        int steps = 0;
        for (int r = 0; r < part.size(); r++) steps += part.layerCount(r);
        int[] plan = new int[steps];
        int[] k = {0};
        int[] ran = new int[part.size()];
        new TimeMultiplexedKernel(options).run(part, FixedOrder.ofSequence(order), new Outcome(), (request, layer, s, e) -> {
            plan[k[0]++] = request;
            ran[request]++;
        });
        for (int r = 0; r < part.size(); r++) for (int l = ran[r]; l < part.layerCount(r); l++) plan[k[0]++] = r;
        return plan;
    }

    public static Certificate certify(CompiledTrace part, int[] incumbentOrder, Cost incumbentCost, ScheduleObjective objective, CpSat cpSat) {
        return certify(part, incumbentOrder, incumbentCost, objective, cpSat, PreemptiveMissBound.of(part, cpSat), KernelOptions.PUBLISHED);
    }

    /**
     * With the part's preemptive bound already solved, every schedule run under {@code options}. With
     * a drop rule the kernel need not fill the busy period (dropped layers never run), so only the
     * model of every layer schedule (late requests left out) proves bounds; the kernel-schedule
     * model, which places every layer inside the period, is not used.
     */
    public static Certificate certify(CompiledTrace part, int[] incumbentOrder, Cost incumbentCost, ScheduleObjective objective, CpSat cpSat,
                                      PreemptiveMissBound.Result preemptive, KernelOptions options) {
        boolean drops = options.drop() != DropRule.NONE;
        int[] plan = planOf(part, incumbentOrder, options);
        double lower = preemptive.weightedMisses();
        if (!above(incumbentCost.weightedMissedDeadlines(), lower)) {
            return new Certificate(plan, incumbentCost, lower, lower, true, "equals the preemptive bound", false, null);
        }
        // The relaxation's on-time set by earliest deadline, then its late set: a fixed order that
        // meets the relaxation's choice except where a layer cannot be cut.
        int[] edf = edfOrder(part, preemptive.late());
        Cost edfCost = objective.cost(part, new TimeMultiplexedKernel(options).run(part, FixedOrder.ofSequence(edf)));
        int[] betterOrder = null;
        if (objective.compare(edfCost, incumbentCost) < 0) {
            betterOrder = edf;
            plan = planOf(part, edf, options);
            incumbentCost = edfCost;
            if (!above(edfCost.weightedMissedDeadlines(), lower)) {
                return new Certificate(plan, edfCost, lower, lower, true, "relaxation's on-time set by deadline reaches the preemptive bound", false, edf);
            }
        }
        double budget = cpSat.deterministicSeconds();
        Cost cost = incumbentCost;
        boolean improved = false;
        // First every layer schedule (idling allowed: a smaller model, late requests left out); if
        // the kernel cannot reproduce its answer, then the kernel's own schedules from that bound.
        KernelScheduleModel.Result any = KernelScheduleModel.solve(part, lower, cost.weightedMissedDeadlines() - 1, cpSat, budget, false);
        double anyBound = Math.max(lower, any.bound());
        if (any.plan() != null) {
            Cost replay = objective.cost(part, new TimeMultiplexedKernel(options).run(part, new LayerPlan(part, any.plan())));
            if (objective.compare(replay, cost) < 0) {
                plan = any.plan();
                cost = replay;
                improved = true;
            }
        }
        double kernelBound = anyBound;
        String status = (preemptive.exact() ? "" : "preemptive bound: " + preemptive.status() + "; ")
                + "every layer schedule: " + any.status() + " (" + any.solves() + " solves)";
        double left = budget - any.deterministicSeconds();
        if (above(cost.weightedMissedDeadlines(), kernelBound) && left > 0.01 && !drops) {
            KernelScheduleModel.Result kernel = KernelScheduleModel.solve(part, anyBound, cost.weightedMissedDeadlines() - 1, cpSat, left, true);
            kernelBound = Math.max(kernelBound, kernel.bound());
            status += ", kernel schedules: " + kernel.status() + " (" + kernel.solves() + " solves)";
            if (kernel.plan() != null) {
                Cost replay = objective.cost(part, new TimeMultiplexedKernel(options).run(part, new LayerPlan(part, kernel.plan())));
                if (objective.compare(replay, cost) < 0) {
                    plan = kernel.plan();
                    cost = replay;
                    improved = true;
                }
            }
        }
        if (above(cost.weightedMissedDeadlines(), kernelBound) && !drops) {
            // No proof: improve the best schedule by large-neighbourhood search, its own budget.
            LayerLns.Result lns = LayerLns.improve(part, plan, objective, cpSat, LNS_WINDOW_STEPS, LNS_SOLVE_SECONDS, budget);
            status += ", LNS: " + lns.improvements() + " improvements in " + lns.solves() + " solves";
            if (objective.compare(lns.cost(), cost) < 0) {
                plan = lns.plan();
                cost = lns.cost();
                improved = true;
            }
        }
        boolean proven = !above(cost.weightedMissedDeadlines(), kernelBound);
        String how = !proven ? "bracketed; " + status
                : kernelBound > anyBound ? "CP-SAT proof over kernel schedules"
                : kernelBound > lower ? "CP-SAT proof over every layer schedule" : "reaches the preemptive bound";
        return new Certificate(plan, cost, lower, kernelBound, proven, how, improved, improved ? null : betterOrder);
    }

    /**
     * The second lexicographic solve's outcome for one busy period.
     *
     * @param plan            the answer's layer plan (CP-SAT's if the kernel measured it better, else the incumbent's)
     * @param cost            its kernel-measured cost
     * @param turnaroundBound no kernel schedule with the proven misses has a smaller turnaround sum (NaN: no bound)
     * @param improved        CP-SAT's schedule replaced the incumbent
     * @param status          CP-SAT's status
     */
    public record TurnaroundCertificate(int[] plan, Cost cost, double turnaroundBound, boolean improved, String status) {}

    /**
     * Minimises the turnaround sum with the weighted misses capped at the incumbent's (proven optimal
     * by {@link #certify}); the CP-SAT schedule is replayed by the kernel and kept only if the kernel
     * measures it better under {@code objective} (one ruler).
     */
    public static TurnaroundCertificate certifyTurnaround(CompiledTrace part, int[] plan, Cost cost, ScheduleObjective objective, CpSat cpSat) {
        return certifyTurnaround(part, plan, cost, objective, cpSat, KernelOptions.PUBLISHED);
    }

    /**
     * Under {@code options}. With a drop rule it does not run (NaN bound): its model runs every layer
     * of every request, and a dropped request has no turnaround term.
     */
    public static TurnaroundCertificate certifyTurnaround(CompiledTrace part, int[] plan, Cost cost, ScheduleObjective objective, CpSat cpSat,
                                                          KernelOptions options) {
        if (options.drop() != DropRule.NONE) return new TurnaroundCertificate(plan, cost, Double.NaN, false, "not run: drop rule " + options.drop().cliName());
        long cap = Math.round(cost.weightedMissedDeadlines());
        TurnaroundModel.Result r = TurnaroundModel.solve(part, cap, cpSat);
        if (r.plan() != null) {
            Cost replay = objective.cost(part, new TimeMultiplexedKernel(options).run(part, new LayerPlan(part, r.plan())));
            if (objective.compare(replay, cost) < 0) return new TurnaroundCertificate(r.plan(), replay, r.turnaroundBound(), true, r.status());
        }
        return new TurnaroundCertificate(plan, cost, r.turnaroundBound(), false, r.status());
    }

    /** On-time requests (not in {@code late}) by deadline, then the late ones by deadline. */
    public static int[] edfOrder(CompiledTrace part, int[] late) {
        int n = part.size();
        boolean[] isLate = new boolean[n];
        for (int r : late) isLate[r] = true;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> isLate[a] != isLate[b] ? Boolean.compare(isLate[a], isLate[b])
                : part.deadlineSeconds(a) != part.deadlineSeconds(b) ? Double.compare(part.deadlineSeconds(a), part.deadlineSeconds(b))
                : Integer.compare(a, b));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = order[i];
        return out;
    }

    /** {@code found > bound}, beyond the rounding of a sum of priorities. */
    private static boolean above(double found, double bound) { return found > bound + 1e-6 * Math.max(1, Math.abs(bound)); }
}

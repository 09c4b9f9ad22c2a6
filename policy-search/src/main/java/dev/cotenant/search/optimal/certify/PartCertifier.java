package dev.cotenant.search.optimal.certify;

import dev.cotenant.search.optimal.ScheduleObjective;
import dev.cotenant.search.optimal.ScheduleObjective.Cost;
import dev.cotenant.simulator.kernel.CompiledTrace;
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
     * @param kernelBound       weighted misses no kernel schedule beats ({@code >= preemptiveBound})
     * @param missesProven      {@code cost}'s weighted misses equal {@code kernelBound}
     * @param how               what proved it or what bounded it
     * @param improvedByCpSat   CP-SAT's schedule replaced the incumbent
     */
    public record Certificate(int[] plan, Cost cost, double preemptiveBound, double kernelBound, boolean missesProven, String how,
                              boolean improvedByCpSat) {}

    private PartCertifier() {}

    /** The layer steps the kernel runs for a fixed order: any kernel schedule as a {@link LayerPlan}. */
    public static int[] planOf(CompiledTrace part, int[] order) {
        int steps = 0;
        for (int r = 0; r < part.size(); r++) steps += part.layerCount(r);
        int[] plan = new int[steps];
        int[] k = {0};
        new TimeMultiplexedKernel().run(part, FixedOrder.ofSequence(order), new Outcome(), (request, layer, s, e) -> plan[k[0]++] = request);
        return plan;
    }

    public static Certificate certify(CompiledTrace part, int[] incumbentOrder, Cost incumbentCost, ScheduleObjective objective, CpSat cpSat) {
        int[] plan = planOf(part, incumbentOrder);
        PreemptiveMissBound.Result preemptive = PreemptiveMissBound.of(part, cpSat);
        double lower = preemptive.weightedMisses();
        if (!above(incumbentCost.weightedMissedDeadlines(), lower)) {
            return new Certificate(plan, incumbentCost, lower, lower, true, "equals the preemptive bound", false);
        }
        KernelScheduleModel.Result model = KernelScheduleModel.solve(part, lower, plan, cpSat);
        Cost cost = incumbentCost;
        boolean improved = false;
        if (model.plan() != null) {
            Cost replay = objective.cost(part, new TimeMultiplexedKernel().run(part, new LayerPlan(part, model.plan())));
            if (objective.compare(replay, incumbentCost) < 0) {
                plan = model.plan();
                cost = replay;
                improved = true;
            }
        }
        double kernelBound = Math.max(lower, model.bound());
        boolean proven = !above(cost.weightedMissedDeadlines(), kernelBound);
        String how = !proven ? "bracketed, CP-SAT " + model.status()
                : kernelBound > lower ? "CP-SAT optimal over kernel schedules" : "reaches the preemptive bound";
        return new Certificate(plan, cost, lower, kernelBound, proven, how, improved);
    }

    /** {@code found > bound}, beyond the rounding of a sum of priorities. */
    private static boolean above(double found, double bound) { return found > bound + 1e-6 * Math.max(1, Math.abs(bound)); }
}

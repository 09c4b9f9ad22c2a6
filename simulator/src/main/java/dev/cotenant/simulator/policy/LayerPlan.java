package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

/**
 * An explicit layer-by-layer schedule: the plan lists, step by step, which request runs its next
 * layer. At every decision the admitted request whose next layer comes first in the plan runs. When
 * the planned request of the next step has arrived (always, for a plan read off a gapless schedule
 * such as any kernel run) the kernel replays the plan exactly; otherwise the plan's order of the
 * remaining layers decides, so a plan is never refused. This is how schedules that no fixed
 * priority order expresses (two waiting requests interleaved) are run by the same kernel as every
 * other policy.
 */
public final class LayerPlan extends Scheduler {
    /** Plan step of each (request, layer): {@code step[firstLayer[r] + layer]}. */
    private final int[] step;
    private final int[] firstLayer;
    private final int[] plan;

    /**
     * @param trace the trace the plan is for
     * @param plan  request ids, one per layer step, in the order they run; each request appears
     *              exactly {@code trace.layerCount(r)} times
     */
    public LayerPlan(CompiledTrace trace, int[] plan) {
        super("layer-plan", false, false);
        int n = trace.size();
        firstLayer = new int[n + 1];
        for (int r = 0; r < n; r++) firstLayer[r + 1] = firstLayer[r] + trace.layerCount(r);
        if (plan.length != firstLayer[n]) {
            throw BadInputException.at("layer plan", "has " + plan.length + " steps, the trace has " + firstLayer[n] + " layers");
        }
        step = new int[plan.length];
        int[] seen = new int[n];
        for (int k = 0; k < plan.length; k++) {
            int r = plan[k];
            if (r < 0 || r >= n) throw BadInputException.at("layer plan", "step " + k + " names request " + r + ", not in 0.." + (n - 1));
            if (seen[r] == trace.layerCount(r)) throw BadInputException.at("layer plan", "request " + r + " has more steps than its " + trace.layerCount(r) + " layers");
            step[firstLayer[r] + seen[r]++] = k;
        }
        this.plan = plan.clone();
    }

    /** The plan, request id per step (a copy). */
    public int[] plan() { return plan.clone(); }

    @Override
    public int pick(DecisionState s) {
        int best = 0;
        int bestStep = Integer.MAX_VALUE;
        for (int p = 0, n = s.admittedCount(); p < n; p++) {
            int r = s.requestAt(p);
            int k = step[firstLayer[r] + s.layersRun(r)];
            if (k < bestStep) {
                bestStep = k;
                best = p;
            }
        }
        return best;
    }
}

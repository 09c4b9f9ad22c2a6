package dev.cotenant.search.optimal.moca;

import dev.cotenant.simulator.moca.MocaPlan;
import org.optaplanner.core.api.domain.solution.PlanningEntityCollectionProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.domain.solution.ProblemFactCollectionProperty;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;

import java.util.List;

/**
 * OptaPlanner's view of a plan: the trace's requests and the four sub-groups' ordered lists. The
 * {@link PlanProblem} is not a planning class, so clones share it.
 */
@PlanningSolution
public final class MocaSchedule {
    @ProblemFactCollectionProperty
    @ValueRangeProvider(id = "requests")
    private List<Request> requests;

    @PlanningEntityCollectionProperty
    private List<SubGroup> subGroups;

    @PlanningScore
    private HardSoftLongScore score;

    private PlanProblem problem;

    public MocaSchedule() {}

    MocaSchedule(List<Request> requests, List<SubGroup> subGroups, PlanProblem problem) {
        this.requests = requests;
        this.subGroups = subGroups;
        this.problem = problem;
    }

    public List<Request> getRequests() { return requests; }
    public List<SubGroup> getSubGroups() { return subGroups; }
    public HardSoftLongScore getScore() { return score; }
    public void setScore(HardSoftLongScore score) { this.score = score; }
    PlanProblem problem() { return problem; }

    /** The per-sub-group orders (request ids). */
    int[][] orders() {
        int[][] orders = new int[subGroups.size()][];
        for (int k = 0; k < orders.length; k++) {
            List<Request> list = subGroups.get(k).getRequests();
            orders[k] = new int[list.size()];
            for (int i = 0; i < orders[k].length; i++) orders[k][i] = list.get(i).id();
        }
        return orders;
    }

    MocaPlan plan() { return MocaPlan.ofOrders(orders()); }
}

package dev.cotenant.search.optimal.planner;

import org.optaplanner.core.api.domain.solution.PlanningEntityProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.domain.solution.ProblemFactCollectionProperty;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;

import java.util.List;

/**
 * OptaPlanner's view of one busy period: its requests and their order. What a score means, and how
 * the kernel computes it, lives in {@link PartScoreCalculator} through {@link #context}, which the
 * solution cloner copies by reference (it is not a planning class).
 */
@PlanningSolution
public final class PartSchedule {
    @ProblemFactCollectionProperty
    @ValueRangeProvider(id = "requests")
    private List<RequestSlot> requests;

    @PlanningEntityProperty
    private RequestSequence sequence;

    @PlanningScore
    private HardMediumSoftLongScore score;

    private PartContext context;

    public PartSchedule() {}

    PartSchedule(List<RequestSlot> requests, RequestSequence sequence, PartContext context) {
        this.requests = requests;
        this.sequence = sequence;
        this.context = context;
    }

    public List<RequestSlot> getRequests() { return requests; }
    public RequestSequence getSequence() { return sequence; }
    public HardMediumSoftLongScore getScore() { return score; }
    public void setScore(HardMediumSoftLongScore score) { this.score = score; }
    PartContext context() { return context; }

    /** The order as local ids; requests the list lacks (never, once initialised) follow in id order. */
    int[] localSequence() {
        int n = requests.size();
        int[] out = new int[n];
        localSequence(out, new boolean[n]);
        return out;
    }

    /** The same into {@code out}, with {@code seen} as scratch (both of the period's size): allocates nothing. */
    void localSequence(int[] out, boolean[] seen) {
        int n = requests.size();
        java.util.Arrays.fill(seen, false);
        int k = 0;
        List<RequestSlot> order = sequence.getOrder();
        for (int i = 0, size = order.size(); i < size; i++) {
            int id = order.get(i).localId();
            out[k++] = id;
            seen[id] = true;
        }
        for (int r = 0; k < n && r < n; r++) if (!seen[r]) out[k++] = r;
    }
}

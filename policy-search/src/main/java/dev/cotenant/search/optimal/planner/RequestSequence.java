package dev.cotenant.search.optimal.planner;

import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.variable.PlanningListVariable;

import java.util.ArrayList;
import java.util.List;

/**
 * The one planning entity: the priority order of the busy period's requests, first to rank
 * first. A list variable, so OptaPlanner's list moves (swap, change, sub-list change with reversal)
 * act on the order directly.
 */
@PlanningEntity
public final class RequestSequence {
    @PlanningListVariable(valueRangeProviderRefs = "requests")
    private List<RequestSlot> order = new ArrayList<>();

    public RequestSequence() {}

    public RequestSequence(List<RequestSlot> order) { this.order = order; }

    public List<RequestSlot> getOrder() { return order; }

    public void setOrder(List<RequestSlot> order) { this.order = order; }
}

package dev.cotenant.search.optimal.moca;

import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.variable.PlanningListVariable;

import java.util.ArrayList;
import java.util.List;

/**
 * One of the SoC's four 2-tile sub-groups as a planning entity: the requests it serves, in the
 * order it runs them back to back. A list variable, so OptaPlanner's list moves (move a request,
 * swap two, move or reverse a sub-list, within or across sub-groups) act on the plan directly.
 */
@PlanningEntity
public final class SubGroup {
    private int index;

    @PlanningListVariable(valueRangeProviderRefs = "requests")
    private List<Request> requests = new ArrayList<>();

    public SubGroup() {}

    public SubGroup(int index, List<Request> requests) {
        this.index = index;
        this.requests = requests;
    }

    public int getIndex() { return index; }
    public List<Request> getRequests() { return requests; }
    public void setRequests(List<Request> requests) { this.requests = requests; }

    @Override
    public String toString() { return "sub-group " + index + " " + requests; }
}

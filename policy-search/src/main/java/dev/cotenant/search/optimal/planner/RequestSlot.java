package dev.cotenant.search.optimal.planner;

/** A request of the busy period being planned (its local id), as OptaPlanner's planning value. */
public final class RequestSlot {
    private final int localId;

    public RequestSlot(int localId) { this.localId = localId; }

    public int localId() { return localId; }

    @Override
    public String toString() { return "r" + localId; }
}

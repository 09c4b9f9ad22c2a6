package dev.cotenant.search.optimal.moca;

/** A request of the trace being planned (its index in the trace), as OptaPlanner's planning value. */
public final class Request {
    private final int id;

    public Request(int id) { this.id = id; }

    public int id() { return id; }

    @Override
    public String toString() { return "r" + id; }
}

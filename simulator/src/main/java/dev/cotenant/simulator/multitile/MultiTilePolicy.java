package dev.cotenant.simulator.multitile;

/**
 * An online rule for the multi-tile accelerator: at every event it may start waiting requests on
 * free tiles, preempt or resize running requests at their layer boundaries, and set regulator caps
 * (see {@link MultiTileState}). Instances may keep per-request scratch, so each thread uses its own;
 * {@link #reset} runs before every run and must not allocate once capacity suffices.
 */
public abstract class MultiTilePolicy {
    private final String name;

    protected MultiTilePolicy(String name) { this.name = name; }

    public final String name() { return name; }

    public void reset(MultiTileState state) {}

    public abstract void decide(MultiTileState state);

    @Override
    public String toString() { return name; }
}

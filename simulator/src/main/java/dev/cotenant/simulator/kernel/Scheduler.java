package dev.cotenant.simulator.kernel;

/**
 * An online rule that picks which admitted request runs its next layer. Instances may keep
 * per-request scratch (PREMA's tokens), so each worker thread uses its own; {@link #reset} is
 * called at the start of every run and must not allocate once capacity suffices.
 */
public abstract class Scheduler {
    private final String name;
    private final boolean patternAware;
    private final boolean usesMonitor;

    /**
     * @param patternAware static estimate from the request's own model ({@code avgLat}) rather
     *                     than its architecture's ({@code archAvgLat})
     * @param usesMonitor  {@code gamma} from measured sparsity; otherwise {@code gamma = 1}
     */
    protected Scheduler(String name, boolean patternAware, boolean usesMonitor) {
        this.name = name;
        this.patternAware = patternAware;
        this.usesMonitor = usesMonitor;
    }

    public final String name() { return name; }
    public final boolean patternAware() { return patternAware; }
    public final boolean usesMonitor() { return usesMonitor; }

    /** Called before a run over {@code requestCount} requests. */
    public void reset(int requestCount) {}

    /** The position, in {@code 0 .. state.admittedCount() - 1}, of the request to run next. */
    public abstract int pick(DecisionState state);

    @Override
    public String toString() { return name; }
}

package dev.cotenant.search.optimal;

import dev.cotenant.simulator.kernel.CompiledTrace;

/** Test access to the window bound on weighted misses, which is package-private. */
public final class RelaxationBoundAccess {
    private RelaxationBoundAccess() {}

    public static double windowBound(CompiledTrace trace) { return RelaxationBound.missedDeadlines(trace); }
}

package dev.cotenant.search.tune;

import dev.cotenant.simulator.setting.TracePoint;

import java.util.List;

/** A finished tuning run: what was asked, what the search found, and how it held up on held-out traces. */
public record TuningResult(TuningSettings settings, String backend, SearchSpace space, List<TracePoint> training,
                           List<TracePoint> validation, Tuner.SearchOutcome search, ValidationReport validationReport) {
    /** The tuned parameter vector (scalar mode); null in Pareto mode. */
    public double[] bestParameters() {
        return search.best() == null ? null : space.decode(search.best().genes());
    }
}

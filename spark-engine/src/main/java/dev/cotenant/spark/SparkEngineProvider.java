package dev.cotenant.spark;

import dev.cotenant.experiments.runner.SweepEngine;

/** Makes {@code --engine spark} find {@link SparkSweepEngine} when this module is on the class path (ServiceLoader). */
public final class SparkEngineProvider implements SweepEngine.Provider {
    @Override
    public String name() { return SweepEngine.SPARK; }

    @Override
    public SweepEngine create(String master) { return new SparkSweepEngine(master); }
}

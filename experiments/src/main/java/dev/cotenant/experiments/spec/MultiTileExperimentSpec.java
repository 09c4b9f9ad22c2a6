package dev.cotenant.experiments.spec;

import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.multitile.MocaExperiment;

import java.util.List;

/**
 * A validated {@code setting: multi-tile} experiment: MoCA's workload sets x QoS levels x
 * policies x seeds, run by {@link MocaExperiment} (the multi-tile setting's one experiment loop)
 * and stored by {@code MocaResults}. {@link SpecReader} builds it; the YAML format is in
 * docs/experiments.md.
 *
 * @param config  what runs: hardware, sets, QoS levels, policies with their overrides, seeds, requests
 * @param metrics the metrics the report charts (metrics.csv always holds all of the setting's)
 * @param subject the policy whose ratio to every other one is reported (MoCA's headline ratios)
 */
public record MultiTileExperimentSpec(String name, String title, String paper, String description, MocaExperiment.Config config,
                                      List<Metric> metrics, String subject) {
    public MultiTileExperimentSpec {
        metrics = List.copyOf(metrics);
    }

    /** The same experiment in seconds: the first {@value ExperimentSpec#QUICK_MAX_SEEDS} seeds, at most 100 requests per trace. */
    public MultiTileExperimentSpec quick() {
        MocaExperiment.Config c = config.withSeeds(config.seeds().subList(0, Math.min(ExperimentSpec.QUICK_MAX_SEEDS, config.seeds().size())))
                .withRequestsPerTrace(Math.min(100, config.requestsPerTrace()));
        return new MultiTileExperimentSpec(name, title + " (quick)", paper, description, c, metrics, subject);
    }
}

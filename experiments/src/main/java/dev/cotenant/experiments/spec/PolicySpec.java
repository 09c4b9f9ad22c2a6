package dev.cotenant.experiments.spec;

import dev.cotenant.simulator.policy.Policy;

/**
 * A policy of an experiment: the label its rows carry, the resolved policy, and where its
 * parameters came from ({@code published}, {@code overrides}, or {@code best.json:PATH} for a
 * tuner's output).
 */
public record PolicySpec(String label, Policy policy, String origin) {}

package dev.cotenant.simulator.evaluate;

import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.metrics.RunMetrics;
import dev.cotenant.simulator.policy.Policy;

/** One policy run over one trace: its per-request outcome and its metrics. */
public record PolicyRun(Policy policy, Outcome outcome, RunMetrics metrics) {}

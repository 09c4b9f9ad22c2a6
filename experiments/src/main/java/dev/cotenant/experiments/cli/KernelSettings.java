package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.kernel.LatencyEstimator;
import dev.cotenant.simulator.kernel.KernelOptions;
import picocli.CommandLine.Option;

/** Kernel switches shared by every command that simulates. */
public final class KernelSettings {
    @Option(names = "--artifact-clock", description = "Reproduce the Sparse-DySta artifact's clock, which can step back in time (off: the physical clock).")
    boolean artifactClock;

    @Option(names = "--switch-cost", defaultValue = "0", paramLabel = "SECONDS", description = "Cost of switching the running request (default: ${DEFAULT-VALUE}).")
    double switchCostSeconds;

    @Option(names = "--estimator", defaultValue = "monitor", paramLabel = "NAME",
            description = "How monitor schedulers turn measured sparsity into gamma: monitor, last-layer, last-n, linreg (default: ${DEFAULT-VALUE}).")
    String estimator;

    @Option(names = "--last-n", defaultValue = "3", paramLabel = "N", description = "N of the last-n estimator (default: ${DEFAULT-VALUE}).")
    int lastLayers;

    @Option(names = "--drop", paramLabel = "RULE",
            description = "Drop rule: none, late (drop a request once its deadline has passed), superseded (drop it when a newer frame "
                    + "of its model arrives); dependants of a dropped request are dropped. Default: the --scenario's rule, else none.")
    String drop;

    KernelOptions toKernelOptions() { return toKernelOptions(DropRule.NONE); }

    /** The options, with {@code scenarioDrop} unless --drop names a rule. */
    KernelOptions toKernelOptions(DropRule scenarioDrop) {
        return new KernelOptions(artifactClock, switchCostSeconds, LatencyEstimator.byCliName(estimator), lastLayers,
                drop == null ? scenarioDrop : DropRule.byCliName(drop));
    }
}

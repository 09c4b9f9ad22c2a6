package dev.cotenant.simulator.workload.scenario;

import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.trace.PeriodicStream;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;

import java.util.List;

/**
 * A named, seeded workload: which models requests name, how fast they arrive, and how tight their
 * latency targets are. Arrivals are Poisson; the rate is derived from {@code offeredLoad} and the
 * models' modelled isolated latency ({@link Scenarios#arrivalRatePerSecond}), so a scenario keeps
 * its meaning when a cost-model default changes. A request's target latency is
 * {@code m x} its model's mean isolated latency, {@code m} uniform in
 * {@code [sloMultiplierMin, sloMultiplierMax]}; its priority is drawn uniformly from {@code priorities}.
 *
 * @param architectures zoo names; every architecture appears once per variant (CNNs) or once (attention nets)
 * @param variants      pruning variants of each CNN architecture
 * @param offeredLoad   mean arrival rate x mean isolated latency / parallel capacity; below 1 the system can keep up.
 *                      For a periodic scenario, the load its frame rates are scaled to; NaN for its nominal rates
 * @param streams       a periodic scenario's streams (frame rates, chains, triggers, deadlines); empty for Poisson
 *                      arrivals, when the SLO multipliers and priorities apply instead
 * @param drop          the scenario's drop rule (a CLI's {@code --drop} overrides it)
 */
public record Scenario(String name, String description, List<String> architectures,
                       List<PruningVariant> variants, double offeredLoad, double sloMultiplierMin, double sloMultiplierMax,
                       List<Double> priorities, long seed, List<PeriodicStream> streams, DropRule drop) {

    /** A Poisson scenario. */
    public Scenario(String name, String description, List<String> architectures, List<PruningVariant> variants, double offeredLoad,
                    double sloMultiplierMin, double sloMultiplierMax, List<Double> priorities, long seed) {
        this(name, description, architectures, variants, offeredLoad, sloMultiplierMin, sloMultiplierMax, priorities, seed,
                List.of(), DropRule.NONE);
    }

    /** A periodic scenario at {@code offeredLoad} (NaN: its nominal frame rates). */
    public static Scenario periodic(String name, String description, List<String> architectures, PruningVariant variant,
                                    double offeredLoad, List<PeriodicStream> streams, DropRule drop, long seed) {
        return new Scenario(name, description, architectures, List.of(variant), offeredLoad, 1, 1, List.of(1.0), seed, streams, drop);
    }

    public boolean isPeriodic() { return !streams.isEmpty(); }

    public Scenario {
        architectures = List.copyOf(architectures);
        variants = List.copyOf(variants);
        priorities = List.copyOf(priorities);
        streams = List.copyOf(streams);
        if (drop == null) throw new IllegalArgumentException(name + ": drop rule is null");
        if (!(sloMultiplierMin >= 1 && sloMultiplierMax >= sloMultiplierMin)) {
            throw new IllegalArgumentException(name + ": SLO multipliers " + sloMultiplierMin + ".." + sloMultiplierMax);
        }
    }
}

package dev.cotenant.simulator.workload.scenario;

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
 * @param offeredLoad   mean arrival rate x mean isolated latency / parallel capacity; below 1 the system can keep up
 */
public record Scenario(String name, String description, List<String> architectures,
                       List<PruningVariant> variants, double offeredLoad, double sloMultiplierMin, double sloMultiplierMax,
                       List<Double> priorities, long seed) {

    public Scenario {
        architectures = List.copyOf(architectures);
        variants = List.copyOf(variants);
        priorities = List.copyOf(priorities);
        if (!(sloMultiplierMin >= 1 && sloMultiplierMax >= sloMultiplierMin)) {
            throw new IllegalArgumentException(name + ": SLO multipliers " + sloMultiplierMin + ".." + sloMultiplierMax);
        }
    }
}

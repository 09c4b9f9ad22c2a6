package dev.cotenant.search.tune;

/**
 * One generated trace of a training or validation set: the generator's seed, arrival rate and SLO
 * multiplier (target latency over the model's mean isolated latency). A backend turns it into a
 * trace of its own setting, so the same spec list can drive any simulator.
 */
public record TraceSpec(long seed, double ratePerSecond, double sloMultiplier, int requestCount) {}

package dev.cotenant.search.tune;

/**
 * One generation of the search: the best and mean of each objective dimension over the population
 * (in the metrics' own units), the candidate evaluations done so far and the search time so far.
 * In scalar mode there is one dimension; {@code frontSize} is the archive's size in Pareto mode, 1 otherwise.
 */
public record HistoryRow(long generation, long evaluations, double elapsedSeconds, double[] best, double[] mean,
                         int frontSize) {}

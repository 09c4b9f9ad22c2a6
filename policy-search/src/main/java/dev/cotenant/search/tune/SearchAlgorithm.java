package dev.cotenant.search.tune;

import dev.cotenant.simulator.BadInputException;

import java.util.Locale;

/**
 * How the tuner proposes candidates, every algorithm under the same evaluator, budgets, checkpoints
 * and validation, so that they can be compared at an equal number of evaluations. Generation 1 of
 * every algorithm evaluates the same initial population (the published vector plus random ones).
 */
public enum SearchAlgorithm {
    /** Jenetics' genetic algorithm: tournament selection, simulated binary crossover, Gaussian mutation (NSGA-II for a Pareto objective). */
    GA,
    /** Each later generation is {@code population} fresh uniform random vectors; the best seen is kept. */
    RANDOM,
    /**
     * (1+lambda) evolution strategy: each later generation is {@code population} children of the best
     * vector so far, every numeric gene moved by a Gaussian step of {@link #ES_STEP} (on the unit
     * scale, clamped into it), every categorical gene redrawn with probability 1 / genes; the parent
     * is replaced only by a strictly better child. Scalar objectives only.
     */
    ES;

    /** Standard deviation of the evolution strategy's step on the unit genes: a tenth of each range. */
    static final double ES_STEP = 0.1;

    public static SearchAlgorithm parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw BadInputException.setting("search", "unknown search '" + text + "'; known: ga, random, es");
        }
    }

    public String label() { return name().toLowerCase(Locale.ROOT); }
}

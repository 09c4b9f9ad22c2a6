package dev.cotenant.search.optimal.moca;

import dev.cotenant.simulator.moca.MocaOutcome;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaWork;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;

/**
 * What the offline optimum minimises, lexicographically: the priority-weighted missed targets
 * (weight = level + 1, a request missed when {@code latency >= target}, as MoCA's SLA counts it),
 * then the mean normalised latency (latency over the network's 2-tile isolated time). The one
 * place both the search's score and the reported numbers of online policies come from.
 */
public record PlanCost(long weightedMisses, double meanNormalisedLatency) {
    /** Fixed point of the soft level: normalised latency to a millionth. */
    static final double SOFT_SCALE = 1e6;

    public static PlanCost of(MocaTrace trace, MocaOutcome outcome) {
        long misses = 0;
        double normalised = 0;
        MocaWork work = MocaWork.standard();
        for (int r = 0; r < trace.size(); r++) {
            if (!outcome.met(r)) misses += trace.priorityLevel(r) + 1;
            normalised += outcome.loggedLatencyCycles(r) / work.isolatedCycles(trace.network(r), 2);
        }
        return new PlanCost(misses, normalised / trace.size());
    }

    /** OptaPlanner maximises: both levels negated. */
    public HardSoftLongScore score() {
        return HardSoftLongScore.of(-weightedMisses, -Math.round(meanNormalisedLatency * SOFT_SCALE));
    }

    /** Strictly better in the lexicographic order. */
    public boolean betterThan(PlanCost other) { return score().compareTo(other.score()) > 0; }
}

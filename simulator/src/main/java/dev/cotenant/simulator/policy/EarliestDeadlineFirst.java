package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

/**
 * {@code edf}: the earliest absolute deadline runs, preempting at layer boundaries.
 * {@code edf-demote}: the same among requests that can still be on time; a request whose slack
 * has fallen to {@code -grace} times its relative deadline or below is demoted behind every other
 * (EDF again among the demoted), so one hopeless frame does not make the next ones late too.
 * Ties go to the request admitted first.
 */
final class EarliestDeadlineFirst extends Scheduler {
    static final ParameterSpace DEMOTE_SPACE = ParameterSpace.of(new Parameter("grace", 0, 0, 1, Parameter.Scale.LINEAR,
            "how late, in relative deadlines, a request may be before it is demoted (0: as soon as its slack is gone)"));

    private final boolean demote;
    private final double grace;

    private EarliestDeadlineFirst(String name, boolean demote, double grace) {
        super(name, false, false);
        this.demote = demote;
        this.grace = grace;
    }

    static EarliestDeadlineFirst plain() { return new EarliestDeadlineFirst("edf", false, 0); }

    static EarliestDeadlineFirst demoting(double[] parameters) { return new EarliestDeadlineFirst("edf-demote", true, parameters[0]); }

    @Override
    public int pick(DecisionState s) {
        int best = 0;
        boolean bestDemoted = true;
        double bestDeadline = Double.POSITIVE_INFINITY;
        for (int p = 0, n = s.admittedCount(); p < n; p++) {
            int r = s.requestAt(p);
            double deadline = s.deadlineSeconds(r);
            boolean demoted = demote && s.slackSeconds(r) <= -grace * (deadline - s.arrivalSeconds(r));
            // Lexicographic (demoted, deadline), strict so the first admitted wins ties.
            if (p == 0 || (!demoted && bestDemoted) || (demoted == bestDemoted && deadline < bestDeadline)) {
                best = p;
                bestDemoted = demoted;
                bestDeadline = deadline;
            }
        }
        return best;
    }
}

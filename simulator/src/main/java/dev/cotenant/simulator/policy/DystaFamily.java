package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.kernel.DecisionState;
import dev.cotenant.simulator.kernel.Scheduler;

import java.util.List;

/**
 * {@code dysta-family}: a bounded family of scoring rules around Sparse-DySta's, so that tuning
 * Dysta is a search over what the score is made of rather than over one weight. The smallest cost
 * runs next:
 *
 * <pre>
 *   R     = (staticShare + (1 - staticShare) * gamma) * estRemaining      (0 when estimate = none)
 *   x     = slack term: hinge max(0, slack - R) | laxity slack - R | slack | none 0,
 *           then sign(x) * |x|^slackExponent
 *   w     = waitWeight * (idle / estIsolated) / n^waitExponent
 *   cost  = R^remainingExponent + beta * (x + w)
 *   cost /= priority^priorityExponent   (multiplied instead when the cost is negative, so a higher
 *                                         priority always moves a request forward)
 * </pre>
 *
 * A request is <em>late</em> when {@code slack <= 0}. {@code late = keep} ranks it like any other;
 * {@code demote} runs late requests only when no request is on time (by cost among themselves);
 * {@code drop-to-last} likewise, but among late requests the most recently admitted runs (the
 * Planaria artifact's rule). With {@code hysteresis > 0} the request that ran last keeps the
 * accelerator unless the best cost beats its cost by more than {@code hysteresis * |its cost|}
 * (in the same late class): fewer switches, which matters with a switch cost.
 *
 * <p>Published rules are points of it, with the exact floating-point operations of their own
 * classes (tests compare schedules bit for bit): {@code dysta} is the default vector (Dysta's shape of
 * the score goes through {@link DystaScore#cost}); {@code sjf} is {@code estimate=architecture,
 * staticShare=1, slackTerm=none, waitWeight=0}; {@code sjf-sparse} the same with {@code own} and
 * {@code staticShare=0}; {@code planaria} is {@code estimate=none, beta=1, slackTerm=slack,
 * waitWeight=0, priorityExponent=1, late=drop-to-last}; earliest-deadline-first is the same with
 * {@code priorityExponent=0, late=keep}.
 */
final class DystaFamily extends Scheduler {
    static final List<String> ESTIMATES = List.of("own", "architecture", "none");
    static final List<String> SLACK_TERMS = List.of("hinge", "laxity", "slack", "none");
    static final List<String> LATE = List.of("keep", "demote", "drop-to-last");

    static final int ESTIMATE = 0, STATIC_SHARE = 1, REMAINING_EXPONENT = 2, BETA = 3, SLACK_TERM = 4, SLACK_EXPONENT = 5,
            WAIT_WEIGHT = 6, WAIT_EXPONENT = 7, PRIORITY_EXPONENT = 8, LATE_RULE = 9, HYSTERESIS = 10;

    static final ParameterSpace SPACE = ParameterSpace.of(
            Parameter.categorical("estimate", "own", ESTIMATES,
                    "static remaining-latency profile: the request's own model, its architecture's average, or none (ignore remaining latency)"),
            new Parameter("staticShare", 0, 0, 1, Parameter.Scale.LINEAR,
                    "share of the static profile against the run-time sparsity monitor: 0 the monitor's gamma in full (Dysta), 1 static only"),
            new Parameter("remainingExponent", 1, 0.25, 4, Parameter.Scale.LOG,
                    "exponent of the estimated remaining latency in the cost (>1 favours short jobs more strongly)"),
            new Parameter("beta", 0.01, 1e-5, 10, Parameter.Scale.LOG,
                    "weight of the slack and waiting terms against remaining latency"),
            Parameter.categorical("slackTerm", "hinge", SLACK_TERMS,
                    "shape of the urgency term: hinge max(0, slack - R) (Dysta), laxity slack - R, slack, or none"),
            new Parameter("slackExponent", 1, 0.5, 2, Parameter.Scale.LOG,
                    "exponent applied to the slack term's magnitude (sign kept)"),
            new Parameter("waitWeight", 1, 0, 4, Parameter.Scale.LINEAR,
                    "weight of the waiting term idle / isolated latency"),
            new Parameter("waitExponent", 1, 0, 2, Parameter.Scale.LINEAR,
                    "the waiting term is divided by (number waiting)^waitExponent (Dysta: 1)"),
            new Parameter("priorityExponent", 0, 0, 2, Parameter.Scale.LINEAR,
                    "the cost is divided by priority^priorityExponent (0: priority ignored, as in Dysta)"),
            Parameter.categorical("late", "keep", LATE,
                    "requests past their deadline: keep ranking them, demote them behind on-time ones, or drop them to last (most recent first)"),
            new Parameter("hysteresis", 0, 0, 0.5, Parameter.Scale.LINEAR,
                    "switch away from the running request only when the best cost is lower by more than this share of its cost"));

    private final boolean remainingOff;
    private final double staticShare;
    private final double remainingExponent;
    private final double beta;
    private final int slackTerm;
    private final double slackExponent;
    private final double waitWeight;
    private final double waitExponent;
    private final double priorityExponent;
    private final int late;
    private final double hysteresis;
    /** Dysta's own score shape (hinge, unit exponents and wait weight): computed by {@link DystaScore}, the rule's one home. */
    private final boolean dystaShaped;
    /** Id of the request picked at the previous decision, or -1. */
    private int previous = -1;

    DystaFamily(double[] p) {
        super("dysta-family", (int) p[ESTIMATE] == 0, (int) p[ESTIMATE] != 2 && p[STATIC_SHARE] < 1);
        remainingOff = (int) p[ESTIMATE] == 2;
        staticShare = p[STATIC_SHARE];
        remainingExponent = p[REMAINING_EXPONENT];
        beta = p[BETA];
        slackTerm = (int) p[SLACK_TERM];
        slackExponent = p[SLACK_EXPONENT];
        waitWeight = p[WAIT_WEIGHT];
        waitExponent = p[WAIT_EXPONENT];
        priorityExponent = p[PRIORITY_EXPONENT];
        late = (int) p[LATE_RULE];
        hysteresis = p[HYSTERESIS];
        dystaShaped = slackTerm == 0 && slackExponent == 1 && waitWeight == 1 && remainingExponent == 1;
    }

    @Override
    public void reset(int requestCount) { previous = -1; }

    /** The cost of request {@code r}; {@code waitingNorm} is n^waitExponent, the same for every request of a decision. */
    private double cost(DecisionState s, int r, double waitingNorm) {
        double slack = s.slackSeconds(r);
        double remaining = remainingOff ? 0 : (staticShare + (1 - staticShare) * s.gamma(r)) * s.estRemainingSeconds(r);
        double cost = dystaShaped ? DystaScore.cost(remaining, slack, s.idleSeconds(r), s.estIsolatedSeconds(r), waitingNorm, beta)
                : generalCost(s, r, slack, remaining, waitingNorm);
        if (priorityExponent != 0) {
            double weight = Math.pow(s.priority(r), priorityExponent);
            cost = cost >= 0 ? cost / weight : cost * weight;
        }
        return cost;
    }

    private double generalCost(DecisionState s, int r, double slack, double remaining, double waitingNorm) {
        double x = switch (slackTerm) {
            case 0 -> Math.max(0, slack - remaining);
            case 1 -> slack - remaining;
            case 2 -> slack;
            default -> 0;
        };
        if (slackExponent != 1) x = Math.copySign(Math.pow(Math.abs(x), slackExponent), x);
        double score = x + waitWeight * (s.idleSeconds(r) / s.estIsolatedSeconds(r)) / waitingNorm;
        double r0 = remainingExponent == 1 ? remaining : Math.pow(remaining, remainingExponent);
        return r0 + beta * score;
    }

    @Override
    public int pick(DecisionState s) {
        int n = s.admittedCount();
        double waitingNorm = waitExponent == 1 ? n : Math.pow(n, waitExponent);
        boolean split = late != 0;
        int bestOnTime = -1, bestLate = -1, previousAt = -1;
        double onTimeCost = Double.POSITIVE_INFINITY, lateCost = Double.POSITIVE_INFINITY, previousCost = 0;
        boolean previousLate = false;
        for (int p = 0; p < n; p++) {
            int r = s.requestAt(p);
            double c = cost(s, r, waitingNorm);
            boolean isLate = split && s.slackSeconds(r) <= 0;
            if (isLate) {
                if (c < lateCost) {
                    lateCost = c;
                    bestLate = p;
                }
            } else if (c < onTimeCost) {
                onTimeCost = c;
                bestOnTime = p;
            }
            if (r == previous) {
                previousAt = p;
                previousCost = c;
                previousLate = isLate;
            }
        }
        int chosen;
        double chosenCost;
        if (bestOnTime >= 0) {
            chosen = bestOnTime;
            chosenCost = onTimeCost;
        } else if (late == 2) {
            chosen = n - 1;
            chosenCost = Double.NaN; // positional rule: no hysteresis
        } else {
            chosen = bestLate;
            chosenCost = lateCost;
        }
        if (hysteresis > 0 && previousAt >= 0 && previousAt != chosen && !Double.isNaN(chosenCost)
                && previousLate == (bestOnTime < 0) && chosenCost >= previousCost - hysteresis * Math.abs(previousCost)) {
            chosen = previousAt;
        }
        previous = s.requestAt(chosen);
        return chosen;
    }
}

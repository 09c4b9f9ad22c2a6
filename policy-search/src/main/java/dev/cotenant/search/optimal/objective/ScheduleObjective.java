package dev.cotenant.search.optimal.objective;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.evaluate.IncrementalScheduleEvaluator;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.metrics.MetricCalculator;

/**
 * What the offline optimiser minimises, computed from a kernel outcome through
 * {@link MetricCalculator} (the one home of the metric formulas). A schedule's cost is the pair
 * <ul>
 *   <li>{@code weightedMissedDeadlines} = sum over late requests of their priority
 *       (= {@code priority_weighted_violation_rate * sum(priority)}), and</li>
 *   <li>{@code normalizedTurnaroundSum} = sum of {@code (finish - arrival) / isolated} over the
 *       completed requests (= {@code antt * completed}; {@code antt * N} without drops).</li>
 * </ul>
 * Both are sums over requests, so they add up over busy periods, and minimising the sum of each
 * part's cost minimises the whole trace's: for the lexicographic order because every part must
 * then reach its own least weighted misses, for a weighted sum trivially.
 *
 * <p>With a drop rule a dropped request counts as a missed deadline (its priority, as
 * {@link MetricCalculator} and XRBench's score count it) and adds no turnaround term (it has none,
 * as in {@code antt}). So under the lexicographic order drops are misses like any other, and among
 * schedules with the same misses the one whose completed requests turn around fastest wins.
 *
 * <p>A {@link FirstKey} puts a whole-trace metric before both: the worst model's miss rate
 * ({@code worst_model_miss_rate}, drops counted as misses), or XRBench's score
 * ({@code xr_score}, maximised). Neither adds up over busy periods as the optimiser splits them (a
 * maximum over models; a mean over models of per-model means), so the optimiser searches such an
 * objective over the trace as one part.
 *
 * @param lexicographic     first fewer weighted misses, then smaller turnaround sum; otherwise
 *                          {@code missWeight * weightedMisses + turnaroundWeight * turnaroundSum}
 * @param missWeight        weight of one priority unit of missed deadline (weighted-sum mode)
 * @param turnaroundWeight  weight of one unit of normalised turnaround (weighted-sum mode)
 */
public record ScheduleObjective(boolean lexicographic, double missWeight, double turnaroundWeight, FirstKey first)
        implements IncrementalScheduleEvaluator.PerRequestScore {
    /** A whole-trace metric compared before the lexicographic pair, held in {@link Cost#firstKey} (smaller is better). */
    public enum FirstKey {
        NONE,
        /** {@code worst_model_miss_rate}. */
        WORST_MODEL_MISS_RATE,
        /** {@code 100 - xr_score}: the score maximised. */
        XR_SCORE_SHORTFALL
    }

    /** Priority-weighted missed deadlines first, then ANTT: the default. */
    public static final ScheduleObjective LEXICOGRAPHIC = new ScheduleObjective(true, 1, 1);
    /** The worst model's miss rate first, then {@link #LEXICOGRAPHIC}'s order. */
    public static final ScheduleObjective WORST_MODEL_FIRST = new ScheduleObjective(true, 1, 1, FirstKey.WORST_MODEL_MISS_RATE);
    /** The highest XR score first, then {@link #LEXICOGRAPHIC}'s order. */
    public static final ScheduleObjective XR_SCORE_FIRST = new ScheduleObjective(true, 1, 1, FirstKey.XR_SCORE_SHORTFALL);

    public ScheduleObjective(boolean lexicographic, double missWeight, double turnaroundWeight) {
        this(lexicographic, missWeight, turnaroundWeight, FirstKey.NONE);
    }

    /** The worst model's miss rate comes first. */
    public boolean worstModelFirst() { return first == FirstKey.WORST_MODEL_MISS_RATE; }

    /** A whole-trace metric comes first: the optimiser searches the trace as one part. */
    public boolean wholeTrace() { return first != FirstKey.NONE; }

    /** Costs closer than this (relative) are ties: sums of the same numbers in another order. */
    public static final double RELATIVE_TIE = 1e-9;

    public ScheduleObjective {
        if (!(missWeight >= 0) || !(turnaroundWeight >= 0) || Double.isInfinite(missWeight) || Double.isInfinite(turnaroundWeight)
                || missWeight + turnaroundWeight == 0) {
            throw BadInputException.at("objective", "weights must be finite, >= 0 and not both 0; got miss "
                    + missWeight + ", turnaround " + turnaroundWeight);
        }
        if (first == null) throw new IllegalArgumentException("first is null");
        if (first != FirstKey.NONE && !lexicographic) {
            throw BadInputException.at("objective", (first == FirstKey.WORST_MODEL_MISS_RATE ? "the worst model's miss rate" : "the XR score")
                    + " comes first in a lexicographic order only");
        }
    }

    public static ScheduleObjective weightedSum(double missWeight, double turnaroundWeight) {
        return new ScheduleObjective(false, missWeight, turnaroundWeight);
    }

    /**
     * The components of a schedule's cost: two additive ones, and the objective's {@link FirstKey}
     * (the worst model's miss rate, or 100 minus the XR score), computed only when the objective has
     * one (0 otherwise, also a valid lower bound).
     */
    public record Cost(double weightedMissedDeadlines, double normalizedTurnaroundSum, double firstKey) {
        public static final Cost ZERO = new Cost(0, 0);

        public Cost(double weightedMissedDeadlines, double normalizedTurnaroundSum) { this(weightedMissedDeadlines, normalizedTurnaroundSum, 0); }

        /**
         * Sums the additive components; the first key is the larger of the two, exact when one side is
         * {@link #ZERO} (objectives with a first key search the trace as one part, so that is the only sum).
         */
        public Cost plus(Cost o) {
            return new Cost(weightedMissedDeadlines + o.weightedMissedDeadlines, normalizedTurnaroundSum + o.normalizedTurnaroundSum,
                    Math.max(firstKey, o.firstKey));
        }

        public static Cost of(double[] components) { return new Cost(components[0], components[1], components.length > 2 ? components[2] : 0); }
    }

    private static final ThreadLocal<MetricCalculator> CALCULATOR = ThreadLocal.withInitial(MetricCalculator::new);
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[MetricCalculator.METRIC_COUNT]);

    @Override
    public int dimensions() { return wholeTrace() ? 3 : 2; }

    /** A first key is not a sum of per-request terms: scored from whole kernel runs. */
    @Override
    public boolean perRequest() { return !wholeTrace(); }

    /**
     * {@code out[0]} weighted missed deadlines, {@code out[1]} normalised turnaround sum of
     * {@code outcome}'s completed requests, and with a {@link FirstKey} {@code out[2]} its value.
     */
    @Override
    public void score(CompiledTrace part, Outcome outcome, double[] out) {
        double[] metrics = SCRATCH.get();
        CALCULATOR.get().compute(part, outcome, metrics, 0);
        double prioritySum = 0;
        for (int r = 0; r < part.size(); r++) prioritySum += part.priority(r);
        // Rounded to the nearest multiple of a millionth: the rate times the sum does not give back
        // an exact integer, and equal miss sets must compare equal.
        out[0] = Math.rint(metrics[Metric.PRIORITY_WEIGHTED_VIOLATION_RATE.ordinal()] * prioritySum * 1e6) / 1e6;
        int completed = part.size() - outcome.droppedCount();
        out[1] = completed == 0 ? 0 : metrics[Metric.ANTT.ordinal()] * completed;
        if (first == FirstKey.WORST_MODEL_MISS_RATE) out[2] = metrics[Metric.WORST_MODEL_MISS_RATE.ordinal()];
        if (first == FirstKey.XR_SCORE_SHORTFALL) out[2] = 100 - metrics[Metric.XR_SCORE.ordinal()];
    }

    /**
     * The same two sums term by term, so a move can update them from the requests whose finish
     * changed: a late request ({@link MetricCalculator#isLate}) adds its priority, every request
     * adds its {@link MetricCalculator#normalizedTurnaround}. Tests check the sums agree with
     * {@link #score}.
     */
    @Override
    public void addRequest(CompiledTrace part, int request, double finishSeconds, double sign, double[] sums) {
        if (MetricCalculator.isLate(finishSeconds, part.deadlineSeconds(request))) sums[0] += sign * part.priority(request);
        sums[1] += sign * MetricCalculator.normalizedTurnaround(part.arrivalSeconds(request), finishSeconds, part.realIsolatedSeconds(request));
    }

    @Override
    public void finish(double[] sums, double[] out) {
        out[0] = Math.rint(sums[0] * 1e6) / 1e6;
        out[1] = sums[1];
    }

    public Cost cost(CompiledTrace trace, Outcome outcome) {
        double[] out = new double[3];
        score(trace, outcome, out);
        return Cost.of(out);
    }

    /** The weighted-sum value (meaningful in weighted-sum mode; in lexicographic mode only for display). */
    public double scalar(Cost c) { return scalar(c.weightedMissedDeadlines(), c.normalizedTurnaroundSum()); }

    /** {@link #scalar(Cost)} of the two components, for callers that keep them unboxed. */
    public double scalar(double weightedMisses, double turnaroundSum) { return missWeight * weightedMisses + turnaroundWeight * turnaroundSum; }

    /** Negative when {@code a} is better (smaller) than {@code b}, 0 on a tie within {@link #RELATIVE_TIE}. */
    public int compare(Cost a, Cost b) {
        if (wholeTrace()) {
            int key = compareNumbers(a.firstKey(), b.firstKey());
            if (key != 0) return key;
        }
        return compare(a.weightedMissedDeadlines(), a.normalizedTurnaroundSum(), b.weightedMissedDeadlines(), b.normalizedTurnaroundSum());
    }

    /**
     * {@link #compare(Cost, Cost)} of two scores as {@link #score} writes them ({@code [0]} weighted
     * misses, {@code [1]} turnaround sum): what a move's hot path calls, allocating nothing.
     */
    public int compare(double[] a, double[] b) {
        if (wholeTrace()) {
            int key = compareNumbers(a[2], b[2]);
            if (key != 0) return key;
        }
        return compare(a[0], a[1], b[0], b[1]);
    }

    private int compare(double missesA, double turnaroundA, double missesB, double turnaroundB) {
        if (lexicographic) {
            int misses = compareNumbers(missesA, missesB);
            return misses != 0 ? misses : compareNumbers(turnaroundA, turnaroundB);
        }
        return compareNumbers(scalar(missesA, turnaroundA), scalar(missesB, turnaroundB));
    }

    static int compareNumbers(double a, double b) {
        double tolerance = RELATIVE_TIE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
        if (a < b - tolerance) return -1;
        if (a > b + tolerance) return 1;
        return 0;
    }

    public String describe() {
        if (worstModelFirst()) return "lexicographic: worst model's miss rate, then priority-weighted missed deadlines, then ANTT";
        if (first == FirstKey.XR_SCORE_SHORTFALL) return "lexicographic: highest XR score, then priority-weighted missed deadlines, then ANTT";
        return lexicographic ? "lexicographic: priority-weighted missed deadlines, then ANTT"
                : "weighted sum: " + missWeight + " * weighted missed deadlines + " + turnaroundWeight + " * sum of normalised turnaround";
    }
}

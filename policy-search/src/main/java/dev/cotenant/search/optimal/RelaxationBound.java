package dev.cotenant.search.optimal;

import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.search.optimal.objective.ScheduleObjective.FirstKey;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.metrics.MetricCalculator;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * A lower bound on the cost of <em>every</em> schedule of a trace on one accelerator (not only the
 * fixed-order family), from the relaxation "a request may be preempted at any instant, not only at
 * layer boundaries". A layer-granular schedule is one particular preemptive schedule, so any bound
 * for the relaxation holds for it. Each component is bounded separately; since both are lower
 * bounds, the pair is also a lower bound in the lexicographic order and in any weighted sum with
 * weights >= 0.
 *
 * <p><b>Turnaround.</b> With {@code w_j = 1 / p_j} ({@code p_j} the isolated latency), the sum of
 * normalised turnarounds is {@code sum w_j (C_j - r_j)}. For any preemptive schedule let {@code M_j}
 * be the mean busy time of request j (the average of the instants at which it runs); then
 * {@code C_j >= M_j + p_j / 2}, and {@code sum w_j M_j} is minimised by preemptive WSPT, which
 * always runs the available request of largest {@code w_j / p_j} (Goemans, SODA 1997). Hence
 * {@code sum w_j (C_j - r_j) >= sum w_j (M*_j + p_j / 2 - r_j)} with {@code M*} from preemptive
 * WSPT, computed here by an event simulation (here {@code w_j / p_j = 1 / p_j^2}: shortest isolated
 * latency first).
 *
 * <p><b>Missed deadlines.</b> Take any window {@code [r_i, d_k]} and the requests released at or
 * after {@code r_i} with deadline at or before {@code d_k}. Their on-time work must fit in the
 * window, so at least {@code overload = work - (d_k - r_i)} of it is late; each late request
 * carries at most the largest {@code p} of the set, so at least {@code ceil(overload / pMax)} of
 * them are late, each of priority at least the set's smallest. The bound is the largest such value
 * over all windows, or the priority of the requests that are late even when run alone on arrival,
 * whichever is larger. Weak but valid; {@code O(n^2)} windows per busy period.
 *
 * <p><b>Dependencies</b> are relaxed: a request's release is its earliest possible one,
 * {@link CompiledTrace#earliestReleaseSeconds} (its arrival, or later if its predecessors cannot all have finished by
 * then even when each runs alone as soon as it can), which every schedule respects; the precedence
 * itself is dropped. Turnarounds are still measured from the arrival.
 *
 * <p><b>Drops.</b> A dropped request is a miss, so the miss bound stands. It has no turnaround term,
 * and dropping a request can only shorten the turnaround sum, so with a drop rule the turnaround
 * bound is 0 (valid, and says nothing).
 *
 * <p><b>The worst model's miss rate</b>: a model's misses in any schedule are at least the least
 * misses of its own requests scheduled alone (other requests only take time, and dependencies
 * only constrain), so the largest over models of the window bound of its requests (priorities 1)
 * over its request count is a lower bound.
 *
 * <p><b>The XR score</b> is at most every frame's score at its earliest finish (release plus
 * isolated latency; a frame's score only falls as it finishes later, and a dropped frame scores 0),
 * so 100 minus that is a lower bound on the score's shortfall.
 */
public final class RelaxationBound {
    private RelaxationBound() {}

    public static Cost of(CompiledTrace trace) { return of(trace, DropRule.NONE, FirstKey.NONE); }

    /**
     * @param drop  the kernel's drop rule: with one the turnaround bound is 0
     * @param first also bound this first key (else 0)
     */
    public static Cost of(CompiledTrace trace, DropRule drop, FirstKey first) {
        double[] release = trace.earliestReleaseSeconds();
        double key = switch (first) {
            case NONE -> 0;
            case WORST_MODEL_MISS_RATE -> worstModelMissRate(trace, release);
            case XR_SCORE_SHORTFALL -> 100 - xrScoreAtMost(trace, release);
        };
        return new Cost(missedDeadlines(trace, release), drop == DropRule.NONE ? turnaround(trace, release) : 0, key);
    }

    /** The XR score if every frame finished at its earliest: release plus isolated latency. */
    static double xrScoreAtMost(CompiledTrace trace, double[] release) {
        int models = trace.workload().directory().modelCount();
        double[] sum = new double[models];
        int[] count = new int[models];
        for (int r = 0; r < trace.size(); r++) {
            int m = trace.trace().modelId(r);
            count[m]++;
            sum[m] += MetricCalculator.xrFrameScore(release[r] + trace.realIsolatedSeconds(r) - trace.deadlineSeconds(r));
        }
        double total = 0;
        int present = 0;
        for (int m = 0; m < models; m++) {
            if (count[m] == 0) continue;
            present++;
            total += sum[m] / count[m];
        }
        return present == 0 ? 0 : 100 * total / present;
    }

    static double turnaround(CompiledTrace trace) { return turnaround(trace, trace.earliestReleaseSeconds()); }

    static double turnaround(CompiledTrace trace, double[] release) {
        int n = trace.size();
        if (n == 0) return 0;
        double[] p = new double[n];
        for (int j = 0; j < n; j++) p[j] = trace.realIsolatedSeconds(j);
        Integer[] byRelease = new Integer[n];
        for (int j = 0; j < n; j++) byRelease[j] = j;
        Arrays.sort(byRelease, (a, b) -> release[a] != release[b] ? Double.compare(release[a], release[b]) : Integer.compare(a, b));
        double[] left = p.clone();
        double[] busyMoment = new double[n]; // integral of t over the instants j runs
        PriorityQueue<Integer> ready = new PriorityQueue<>((a, b) -> p[a] != p[b] ? Double.compare(p[a], p[b]) : Integer.compare(a, b));
        double t = release[byRelease[0]];
        int next = 0;
        double bound = 0;
        int done = 0;
        while (done < n) {
            if (ready.isEmpty() && t < release[byRelease[next]]) t = release[byRelease[next]];
            while (next < n && release[byRelease[next]] <= t) ready.add(byRelease[next++]);
            int j = ready.peek();
            double until = next < n ? Math.min(t + left[j], release[byRelease[next]]) : t + left[j];
            busyMoment[j] += (until * until - t * t) / 2;
            left[j] -= until - t;
            t = until;
            if (left[j] <= 1e-15 * Math.max(1, t)) {
                ready.poll();
                done++;
                double meanBusy = busyMoment[j] / p[j];
                bound += (meanBusy + p[j] / 2 - trace.arrivalSeconds(j)) / p[j];
            }
        }
        // C_j >= r_j + p_j also holds request by request: the bound is never below n.
        return Math.max(bound, n);
    }

    static double missedDeadlines(CompiledTrace trace) { return missedDeadlines(trace, trace.earliestReleaseSeconds()); }

    static double missedDeadlines(CompiledTrace trace, double[] release) {
        int n = trace.size();
        double[] isolated = new double[n], deadline = new double[n], priority = new double[n];
        for (int j = 0; j < n; j++) {
            isolated[j] = trace.realIsolatedSeconds(j);
            deadline[j] = trace.deadlineSeconds(j);
            priority[j] = trace.priority(j);
        }
        return missedDeadlines(release, isolated, deadline, priority);
    }

    /** The window bound over requests given by their release, work, deadline and priority. */
    static double missedDeadlines(double[] release, double[] isolated, double[] deadline, double[] priority) {
        int n = release.length;
        double alone = 0;
        for (int j = 0; j < n; j++) {
            if (MetricCalculator.isLate(release[j] + isolated[j], deadline[j])) alone += priority[j];
        }
        Integer[] byDeadline = new Integer[n];
        for (int j = 0; j < n; j++) byDeadline[j] = j;
        Arrays.sort(byDeadline, (a, b) -> Double.compare(deadline[a], deadline[b]));
        double[] starts = release.clone();
        Arrays.sort(starts);
        double windows = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && starts[i] == starts[i - 1]) continue; // same window start
            double start = starts[i];
            double work = 0, pMax = 0, minPriority = Double.POSITIVE_INFINITY;
            for (int k : byDeadline) {
                // due before the window opens (a late release): late in any case, and it would make the window's length negative
                if (release[k] < start || deadline[k] < start) continue;
                work += isolated[k];
                pMax = Math.max(pMax, isolated[k]);
                minPriority = Math.min(minPriority, priority[k]);
                double overload = work - (deadline[k] - start);
                if (overload > 1e-12) windows = Math.max(windows, Math.ceil(overload / pMax - 1e-12) * minPriority);
            }
        }
        return Math.max(alone, windows);
    }

    /** The largest over models of the window bound on its own requests' misses (priorities 1) over its request count. */
    static double worstModelMissRate(CompiledTrace trace, double[] release) {
        int n = trace.size();
        int models = trace.workload().directory().modelCount();
        double worst = 0;
        for (int m = 0; m < models; m++) {
            int count = 0;
            for (int j = 0; j < n; j++) if (trace.trace().modelId(j) == m) count++;
            if (count == 0) continue;
            double[] r = new double[count], p = new double[count], d = new double[count], w = new double[count];
            int i = 0;
            for (int j = 0; j < n; j++) {
                if (trace.trace().modelId(j) != m) continue;
                r[i] = release[j];
                p[i] = trace.realIsolatedSeconds(j);
                d[i] = trace.deadlineSeconds(j);
                w[i++] = 1;
            }
            worst = Math.max(worst, missedDeadlines(r, p, d, w) / count);
        }
        return worst;
    }
}

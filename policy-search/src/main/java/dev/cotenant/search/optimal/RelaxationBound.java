package dev.cotenant.search.optimal;

import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;
import dev.cotenant.simulator.kernel.CompiledTrace;
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
 */
public final class RelaxationBound {
    private RelaxationBound() {}

    public static Cost of(CompiledTrace trace) {
        return new Cost(missedDeadlines(trace), turnaround(trace));
    }

    static double turnaround(CompiledTrace trace) {
        int n = trace.size();
        if (n == 0) return 0;
        double[] p = new double[n];
        for (int j = 0; j < n; j++) p[j] = trace.realIsolatedSeconds(j);
        double[] left = p.clone();
        double[] busyMoment = new double[n]; // integral of t over the instants j runs
        PriorityQueue<Integer> ready = new PriorityQueue<>((a, b) -> p[a] != p[b] ? Double.compare(p[a], p[b]) : Integer.compare(a, b));
        double t = trace.arrivalSeconds(0);
        int next = 0;
        double bound = 0;
        int done = 0;
        while (done < n) {
            if (ready.isEmpty() && t < trace.arrivalSeconds(next)) t = trace.arrivalSeconds(next);
            while (next < n && trace.arrivalSeconds(next) <= t) ready.add(next++);
            int j = ready.peek();
            double until = next < n ? Math.min(t + left[j], trace.arrivalSeconds(next)) : t + left[j];
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

    static double missedDeadlines(CompiledTrace trace) {
        int n = trace.size();
        double alone = 0;
        for (int j = 0; j < n; j++) {
            if (MetricCalculator.isLate(trace.arrivalSeconds(j) + trace.realIsolatedSeconds(j), trace.deadlineSeconds(j))) alone += trace.priority(j);
        }
        Integer[] byDeadline = new Integer[n];
        for (int j = 0; j < n; j++) byDeadline[j] = j;
        Arrays.sort(byDeadline, (a, b) -> Double.compare(trace.deadlineSeconds(a), trace.deadlineSeconds(b)));
        double windows = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && trace.arrivalSeconds(i) == trace.arrivalSeconds(i - 1)) continue; // same window start
            double start = trace.arrivalSeconds(i);
            double work = 0, pMax = 0, minPriority = Double.POSITIVE_INFINITY;
            for (int k : byDeadline) {
                if (trace.arrivalSeconds(k) < start) continue;
                work += trace.realIsolatedSeconds(k);
                pMax = Math.max(pMax, trace.realIsolatedSeconds(k));
                minPriority = Math.min(minPriority, trace.priority(k));
                double overload = work - (trace.deadlineSeconds(k) - start);
                if (overload > 1e-12) windows = Math.max(windows, Math.ceil(overload / pMax - 1e-12) * minPriority);
            }
        }
        return Math.max(alone, windows);
    }
}

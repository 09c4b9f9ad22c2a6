package dev.cotenant.search.optimal.certify;

import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.Literal;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.metrics.MetricCalculator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The least priority-weighted missed deadlines of a trace when a request may be preempted at any
 * instant, solved exactly: a lower bound for <em>every</em> schedule of one accelerator (a layer
 * schedule, idling or not, is one preemptive schedule).
 *
 * <p>Under preemption with release dates a set of requests can all meet their deadlines iff, for
 * every window {@code [r_i, d_k]}, the requests of the set released at or after {@code r_i} with
 * deadline at or before {@code d_k} carry at most {@code d_k - r_i} of work (earliest deadline first
 * then meets them all; Horn 1974). So the least weighted misses is a knapsack with one capacity per
 * window: choose the late set {@code L}, minimising {@code sum_{j in L} priority_j}, such that in each
 * window the late work is at least the window's overload. Solved by CP-SAT; when its deterministic
 * limit ends the search first, CP-SAT's proven objective bound is returned, still valid.
 *
 * <p>Integers: work in whole nanoseconds rounded down, window lengths rounded up, non-integer
 * priorities scaled by 1e6 and rounded down, so every set the real problem allows the integer one
 * allows too, and the integer optimum is never above the real one. Windows whose whole work fits
 * are dropped (they bind nothing), and windows holding the same set keep the shortest.
 *
 * <p>Dependencies are relaxed to release times, each request's earliest possible one
 * ({@link CompiledTrace#earliestReleaseSeconds}); a dropped request (any drop rule) is a miss, so the
 * bound holds with drops as well.
 */
public final class PreemptiveMissBound {
    /**
     * @param weightedMisses lower bound on every schedule's priority-weighted missed deadlines
     * @param exact          CP-SAT proved it the relaxation's optimum (otherwise its proven bound)
     * @param late           a late set reaching {@code weightedMisses} when exact (request ids), else the best found
     * @param windows        binding windows in the model
     */
    public record Result(double weightedMisses, boolean exact, String status, int[] late, int windows) {}

    private PreemptiveMissBound() {}

    public static Result of(CompiledTrace trace, CpSat cpSat) {
        int n = trace.size();
        // Dependencies relaxed to release times: still a relaxation.
        double[] release = trace.earliestReleaseSeconds();
        double forced = 0;
        boolean[] candidate = new boolean[n];
        int candidates = 0;
        List<Integer> forcedLate = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (MetricCalculator.isLate(release[j] + trace.realIsolatedSeconds(j), trace.deadlineSeconds(j))) {
                forced += trace.priority(j);
                forcedLate.add(j);
            } else {
                candidate[j] = true;
                candidates++;
            }
        }
        if (candidates == 0) return new Result(forced, true, "trivial", toArray(forcedLate), 0);
        double origin = trace.arrivalSeconds(0);
        long[] work = new long[n];
        for (int j = 0; j < n; j++) work[j] = (long) Math.floor(trace.realIsolatedSeconds(j) * 1e9);
        Integer[] byDeadline = new Integer[n];
        for (int j = 0; j < n; j++) byDeadline[j] = j;
        Arrays.sort(byDeadline, (a, b) -> Double.compare(trace.deadlineSeconds(a), trace.deadlineSeconds(b)));

        // Binding windows: the set, and the shortest window holding exactly that set.
        Map<BitSet, Long> windows = new HashMap<>();
        double[] starts = release.clone();
        Arrays.sort(starts);
        for (int i = 0; i < n; i++) {
            if (i > 0 && starts[i] == starts[i - 1]) continue; // same start
            double start = starts[i];
            BitSet set = new BitSet(n);
            long setWork = 0;
            for (int q = 0; q < n; q++) {
                int k = byDeadline[q];
                if (!candidate[k] || release[k] < start) continue;
                set.set(k);
                setWork += work[k];
                // Close the window only after the last request sharing this deadline.
                if (q + 1 < n && trace.deadlineSeconds(byDeadline[q + 1]) == trace.deadlineSeconds(k)) continue;
                long length = (long) Math.ceil((trace.deadlineSeconds(k) - start) * 1e9);
                if (setWork > length) windows.merge((BitSet) set.clone(), length, Math::min);
            }
        }
        if (windows.isEmpty()) return new Result(forced, true, "no overloaded window", toArray(forcedLate), 0);

        boolean integral = true;
        for (int j = 0; j < n; j++) integral &= trace.priority(j) == Math.rint(trace.priority(j));
        double scale = integral ? 1 : 1e6;
        CpSat.load(); // before the model: its variables are native objects
        CpModel model = new CpModel();
        Literal[] late = new Literal[n];
        long[] weight = new long[n];
        for (int j = 0; j < n; j++) {
            if (!candidate[j]) continue;
            late[j] = model.newBoolVar("late" + j);
            weight[j] = (long) Math.floor(trace.priority(j) * scale);
        }
        // Deterministic model order: windows sorted by their first member, then size, then length.
        List<Map.Entry<BitSet, Long>> ordered = new ArrayList<>(windows.entrySet());
        ordered.sort((a, b) -> {
            int c = Integer.compare(a.getKey().nextSetBit(0), b.getKey().nextSetBit(0));
            if (c != 0) return c;
            c = Integer.compare(a.getKey().cardinality(), b.getKey().cardinality());
            if (c != 0) return c;
            c = Long.compare(a.getValue(), b.getValue());
            return c != 0 ? c : a.getKey().toString().compareTo(b.getKey().toString());
        });
        for (Map.Entry<BitSet, Long> w : ordered) {
            BitSet set = w.getKey();
            int size = set.cardinality();
            Literal[] vars = new Literal[size];
            long[] coefficients = new long[size];
            long total = 0;
            int m = 0;
            for (int j = set.nextSetBit(0); j >= 0; j = set.nextSetBit(j + 1)) {
                vars[m] = late[j];
                coefficients[m++] = work[j];
                total += work[j];
            }
            model.addGreaterOrEqual(LinearExpr.weightedSum(vars, coefficients), total - w.getValue());
        }
        List<Literal> vars = new ArrayList<>();
        List<Long> coefficients = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (!candidate[j]) continue;
            vars.add(late[j]);
            coefficients.add(weight[j]);
        }
        model.minimize(LinearExpr.weightedSum(vars.toArray(new Literal[0]), coefficients.stream().mapToLong(Long::longValue).toArray()));
        CpSolver solver = cpSat.solver();
        CpSolverStatus status = solver.solve(model);
        boolean exact = status == CpSolverStatus.OPTIMAL;
        double bound = Math.max(0, Math.ceil(solver.bestObjectiveBound() - 1e-9)) / scale;
        List<Integer> lateSet = new ArrayList<>(forcedLate);
        if (CpSat.hasSolution(status)) {
            for (int j = 0; j < n; j++) if (candidate[j] && solver.booleanValue(late[j])) lateSet.add(j);
            lateSet.sort(null);
        }
        String said = status.name() + (cpSat.endedByWallClock(solver) ? " (ended by the wall-clock net)" : "");
        return new Result(forced + bound, exact, said, toArray(lateSet), windows.size());
    }

    private static int[] toArray(List<Integer> list) { return list.stream().mapToInt(Integer::intValue).toArray(); }
}

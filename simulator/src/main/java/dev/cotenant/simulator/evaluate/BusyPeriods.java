package dev.cotenant.simulator.evaluate;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.trace.Trace;

/**
 * The busy periods of a trace on one time-multiplexed accelerator: maximal stretches of time in
 * which the accelerator never idles under <em>any</em> work-conserving schedule.
 *
 * <p>Why they are schedule-independent: with the physical clock and no switch cost, a
 * work-conserving kernel runs whenever work is admitted, so the amount of work done by time
 * {@code t} is the same for every scheduler; a period ends exactly when all work released so far
 * is done, which therefore happens at the same instant for every scheduler. Requests of different
 * periods never share the accelerator, so each period is an independent sub-problem: running the
 * kernel on each period alone and on the whole trace gives the same finish times (up to the
 * rounding of summing layer times in another order, which is why a gap of at most
 * {@link #MERGE_GAP_SECONDS} keeps two periods together: merging is always safe, splitting is not).
 *
 * <p>Since arrivals are sorted, every period is a contiguous range of request ids.
 *
 * <p>Real-time rules (dependencies, a {@link DropRule}) keep these instants. With dependencies and
 * no drops the kernel still never idles while a request has arrived: the first unfinished request
 * of a waiting chain has arrived (predecessors arrive no later than their dependants) and waits for
 * nothing, so it is admitted; the work done by any instant is again the same for every scheduler.
 * Drops only take work away: the backlog of a dropping schedule starts at 0, grows by the same
 * arrivals, shrinks at the same rate while positive and also at each drop, so it is never above the
 * backlog without drops, and is 0 wherever that is. So the periods computed without drops are
 * separated by instants no schedule can cross (a dropping schedule may idle inside a period too,
 * which the part's own run reproduces). One interaction is left: a drop cascades to dependants
 * that arrive later, even in a later period, so two periods linked by a dependency are merged
 * (merging is always safe). A newer frame superseding an older one needs no merge: at a period's
 * start every earlier request is finished or dropped.
 */
public final class BusyPeriods {
    /** Idle gaps this short are not trusted to survive floating-point reordering, so no split there. */
    public static final double MERGE_GAP_SECONDS = 1e-9;

    private final CompiledTrace trace;
    private final int[] firstRequest; // per part, plus a sentinel = trace size
    private final double[] endSeconds;
    private final CompiledTrace[] parts;

    private BusyPeriods(CompiledTrace trace, int[] firstRequest, double[] endSeconds) {
        this.trace = trace;
        this.firstRequest = firstRequest;
        this.endSeconds = endSeconds;
        this.parts = new CompiledTrace[endSeconds.length];
    }

    /**
     * Splits {@code trace} into busy periods.
     *
     * @throws IllegalArgumentException with the artifact clock or a switch cost, where the busy
     *                                  periods do depend on the schedule
     */
    public static BusyPeriods of(CompiledTrace trace, KernelOptions options) {
        if (options.artifactClock() || options.switchCostSeconds() != 0) {
            throw new IllegalArgumentException("busy periods are schedule-independent only with the physical clock and zero switch cost");
        }
        int n = trace.size();
        int[] first = new int[n + 1];
        double[] end = new double[n];
        int parts = 0;
        double busyUntilSeconds = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < n; r++) {
            double arrival = trace.arrivalSeconds(r);
            if (arrival > busyUntilSeconds + MERGE_GAP_SECONDS) {
                if (parts > 0) end[parts - 1] = busyUntilSeconds;
                first[parts++] = r;
                busyUntilSeconds = arrival;
            }
            busyUntilSeconds += trace.realIsolatedSeconds(r);
        }
        if (parts > 0) end[parts - 1] = busyUntilSeconds;
        first[parts] = n;
        if (trace.hasDependencies()) parts = mergeLinked(trace.trace(), first, end, parts);
        return new BusyPeriods(trace, java.util.Arrays.copyOf(first, parts + 1), java.util.Arrays.copyOf(end, parts));
    }

    /**
     * The whole trace as one part: for objectives that do not add up over busy periods (the worst
     * model's miss rate, the XR score), whose optimum must be searched over the trace at once.
     */
    public static BusyPeriods whole(CompiledTrace trace, KernelOptions options) {
        BusyPeriods split = of(trace, options); // the same checks, and the end of the last period
        int n = trace.size();
        return new BusyPeriods(trace, new int[] {0, n}, new double[] {n == 0 ? 0 : split.endSeconds(split.count() - 1)});
    }

    /**
     * Merges every run of periods that a dependency crosses into one (a request and its predecessor
     * in different periods), in place; returns the new count. A dependency only points back in time,
     * so a merged period is the range from the predecessor's period to the dependant's.
     */
    private static int mergeLinked(Trace whole, int[] first, double[] end, int parts) {
        int n = whole.size();
        int[] partOf = new int[n];
        for (int p = 0; p < parts; p++) for (int r = first[p]; r < first[p + 1]; r++) partOf[r] = p;
        // earliest[p]: the earliest period a request of period p waits on
        int[] earliest = new int[parts];
        for (int p = 0; p < parts; p++) earliest[p] = p;
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < whole.dependencyCount(r); k++) {
                int q = partOf[whole.dependency(r, k)];
                if (q < earliest[partOf[r]]) earliest[partOf[r]] = q;
            }
        }
        // From the last period back: a merged period runs from its last period down to the
        // earliest one any of its periods waits on.
        int[] runStart = new int[parts], runLast = new int[parts];
        int runs = 0;
        for (int p = parts - 1; p >= 0; p--) {
            int last = p, reach = earliest[p];
            while (p > reach) reach = Math.min(reach, earliest[--p]);
            runStart[runs] = p;
            runLast[runs++] = last;
        }
        // in place, first run first: run i reads periods >= i, which are not yet overwritten
        for (int i = 0; i < runs; i++) {
            first[i] = first[runStart[runs - 1 - i]];
            end[i] = end[runLast[runs - 1 - i]];
        }
        first[runs] = n;
        return runs;
    }

    public CompiledTrace trace() { return trace; }

    public int count() { return endSeconds.length; }

    /** Global id of the part's first request; its requests are {@code firstRequest .. firstRequest + size - 1}. */
    public int firstRequest(int part) { return firstRequest[part]; }

    public int size(int part) { return firstRequest[part + 1] - firstRequest[part]; }

    public double startSeconds(int part) { return trace.arrivalSeconds(firstRequest[part]); }

    /** When the accelerator goes idle again: start plus the part's total work (arrivals permitting). */
    public double endSeconds(int part) { return endSeconds[part]; }

    /** The part holding global request {@code request}. */
    public int partOf(int request) {
        int i = java.util.Arrays.binarySearch(firstRequest, request);
        if (i >= 0) return Math.min(i, count() - 1);
        return -i - 2;
    }

    /** Size of the largest part. */
    public int largestSize() {
        int max = 0;
        for (int p = 0; p < count(); p++) max = Math.max(max, size(p));
        return max;
    }

    /**
     * The part as a trace of its own (local request {@code i} is global {@code firstRequest + i}),
     * compiled against the same workload; built on first use and cached, so callers may share it.
     */
    public synchronized CompiledTrace part(int part) {
        CompiledTrace compiled = parts[part];
        if (compiled == null) {
            Trace whole = trace.trace();
            int from = firstRequest[part];
            int n = size(part);
            double[] arrival = new double[n], priority = new double[n], target = new double[n];
            int[] model = new int[n], sample = new int[n];
            for (int i = 0; i < n; i++) {
                arrival[i] = whole.arrivalSeconds(from + i);
                model[i] = whole.modelId(from + i);
                sample[i] = whole.sample(from + i);
                priority[i] = whole.priority(from + i);
                target[i] = whole.targetLatencySeconds(from + i);
            }
            Trace local;
            if (whole.hasDependencies()) {
                // every predecessor is in the same part (linked periods are merged): ids shift by the part's first
                int[] frame = whole.hasFrames() ? new int[n] : null;
                int[] dependencyStart = new int[n + 1];
                int total = 0;
                for (int i = 0; i < n; i++) total += whole.dependencyCount(from + i);
                int[] dependencies = new int[total];
                int k = 0;
                for (int i = 0; i < n; i++) {
                    if (frame != null) frame[i] = whole.frame(from + i);
                    for (int d = 0; d < whole.dependencyCount(from + i); d++) dependencies[k++] = whole.dependency(from + i, d) - from;
                    dependencyStart[i + 1] = k;
                }
                local = new Trace(arrival, model, sample, priority, target, frame, dependencyStart, dependencies);
            } else {
                local = new Trace(arrival, model, sample, priority, target);
            }
            compiled = new CompiledTrace(trace.workload(), local);
            parts[part] = compiled;
        }
        return compiled;
    }
}

package dev.cotenant.simulator.evaluate;

import dev.cotenant.simulator.BadInputException;

import dev.cotenant.simulator.kernel.CompiledTrace;
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
        // Release times from dependencies and drops make busy periods depend on the schedule; the
        // optimum does not model them yet (docs/realtime.md).
        if (trace.hasDependencies()) {
            throw BadInputException.at("trace", "has dependencies (depends_on); the offline optimum and bound do not model release "
                    + "times from predecessors yet");
        }
        if (options.drop() != dev.cotenant.simulator.kernel.DropRule.NONE) {
            throw BadInputException.setting("drop", "the offline optimum and bound do not model dropped requests yet");
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
        return new BusyPeriods(trace, java.util.Arrays.copyOf(first, parts + 1), java.util.Arrays.copyOf(end, parts));
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
            compiled = new CompiledTrace(trace.workload(), new Trace(arrival, model, sample, priority, target));
            parts[part] = compiled;
        }
        return compiled;
    }
}

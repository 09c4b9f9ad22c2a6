package dev.cotenant.simulator.evaluate;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.kernel.FixedOrderTrajectory;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.policy.FixedOrder;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scores explicit schedules ({@link FixedOrder} sequences) part by part over the
 * {@link BusyPeriods} of a trace: a change to the order re-runs the kernel only on the busy periods
 * whose internal order changed, and every part remembers the scores of its recently seen orders,
 * so a local search that tries a move and undoes it pays for the kernel run once.
 *
 * <p>With a {@link PerRequestScore} (a sum of per-request terms of the finish time, as the offline
 * optimiser's objective is) a part is not even re-run whole: each part keeps a
 * {@link FixedOrderTrajectory}, which re-simulates only the stretch of the period a changed order
 * can affect, and the score is updated by the terms of the requests whose finish time changed.
 * A local-search move, which changes the order of a few requests, then costs a fraction of its
 * period's run, and no allocation.
 *
 * <p>A score is a vector of {@link PartScore#dimensions()} numbers that add up over parts (for
 * example weighted misses and the sum of normalised turnarounds); the caller decides how vectors
 * compare. Scores come from the kernel's own run of the part, or, for per-request scores, from
 * its {@link dev.cotenant.simulator.kernel.FixedOrderTrajectory}, which reproduces the kernel's
 * finish times up to a rejoin tolerance of 1e-9 s (tested); both equal a whole-trace run's (see
 * {@link BusyPeriods}). Results callers report come from a final kernel run of the chosen order.
 *
 * <p>With dependencies or a drop rule every part order is scored by a kernel run of its part (the
 * trajectory knows neither rule): slower per move, and exactly the kernel's answer.
 *
 * <p>Threads: the per-part caches are not shared between parts, so different threads may score
 * different parts at once; one part must not be scored by two threads at a time. Each thread gets
 * its own kernel.
 */
public final class IncrementalScheduleEvaluator {
    /** How a kernel outcome of one part becomes an additive score vector. */
    public interface PartScore {
        int dimensions();

        /** Writes the part's score into {@code out[0 .. dimensions())}. */
        void score(CompiledTrace part, Outcome outcome, double[] out);
    }

    /**
     * A part score that is a sum over requests of terms depending on that request's finish time
     * only, then finished (for example rounded); must agree with {@link #score} on every outcome.
     */
    public interface PerRequestScore extends PartScore {
        /** Adds {@code sign} times request {@code request}'s terms, when it finishes at {@code finishSeconds}, to {@code sums}. */
        void addRequest(CompiledTrace part, int request, double finishSeconds, double sign, double[] sums);

        /** The score of a part whose terms add up to {@code sums}; by default the sums themselves. */
        default void finish(double[] sums, double[] out) { System.arraycopy(sums, 0, out, 0, dimensions()); }

        /** Whether this score is the sum of its terms (else a part is scored from a full kernel run). */
        default boolean perRequest() { return true; }
    }

    /** A part's remembered run and the sums of its per-request terms. */
    private static final class PartTrajectory {
        final FixedOrderTrajectory trajectory;
        final double[] baseSums, sums;

        PartTrajectory(CompiledTrace part, int[] localSequence, PerRequestScore score) {
            trajectory = new FixedOrderTrajectory(part, localSequence);
            baseSums = new double[score.dimensions()];
            sums = new double[score.dimensions()];
            resum(part, score);
        }

        /** Sums from scratch, so rounding does not build up over many replaced runs. */
        void resum(CompiledTrace part, PerRequestScore score) {
            java.util.Arrays.fill(baseSums, 0);
            for (int r = 0; r < part.size(); r++) score.addRequest(part, r, trajectory.finishSeconds(r), 1, baseSums);
        }
    }

    private final BusyPeriods periods;
    private final KernelOptions options;
    private final PartScore partScore;
    private final int cacheEntriesPerPart;
    private final ThreadLocal<Worker> workers;
    private final Map<Key, double[]>[] caches;
    private final int[][] lastLocalSequence;
    private final double[][] lastPartScore;
    private final PartTrajectory[] trajectories;
    private final boolean[] tooLong;
    /**
     * Dependencies or a drop rule: a part is scored from a full kernel run, since the trajectory
     * re-implements the published rules only (no release by predecessors, no drops).
     */
    private final boolean realtime;

    /** Longest period (in layers) given a trajectory: about 240 MB of remembered runs. */
    public static final long MAX_TRAJECTORY_LAYERS = 4_000_000;
    private final LongAdder scoredOrders = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();

    private static final class Worker {
        final TimeMultiplexedKernel kernel;
        final Outcome outcome = new Outcome();

        Worker(KernelOptions options) { kernel = new TimeMultiplexedKernel(options); }
    }

    /** An order as a cache key: compared by content. */
    private record Key(int[] sequence, int hash) {
        Key(int[] sequence) { this(sequence, Arrays.hashCode(sequence)); }

        @Override public boolean equals(Object o) { return o instanceof Key k && k.hash == hash && Arrays.equals(k.sequence, sequence); }
        @Override public int hashCode() { return hash; }
    }

    /**
     * @param options             kernel options; must be the physical clock with no switch cost,
     *                            as {@link BusyPeriods} requires
     * @param cacheEntriesPerPart orders remembered per part (least recently used ones are dropped)
     */
    @SuppressWarnings("unchecked")
    public IncrementalScheduleEvaluator(BusyPeriods periods, KernelOptions options, PartScore partScore, int cacheEntriesPerPart) {
        if (options.artifactClock() || options.switchCostSeconds() != 0) {
            throw new IllegalArgumentException("part-wise evaluation needs the physical clock and zero switch cost");
        }
        if (cacheEntriesPerPart < 0) throw new IllegalArgumentException("cacheEntriesPerPart must be >= 0");
        this.periods = periods;
        this.options = options;
        this.partScore = partScore;
        this.cacheEntriesPerPart = cacheEntriesPerPart;
        this.workers = ThreadLocal.withInitial(() -> new Worker(options));
        int parts = periods.count();
        caches = new Map[parts];
        lastLocalSequence = new int[parts][];
        lastPartScore = new double[parts][];
        trajectories = new PartTrajectory[parts];
        tooLong = new boolean[parts];
        realtime = periods.trace().hasDependencies() || options.drop() != DropRule.NONE;
    }

    public BusyPeriods periods() { return periods; }

    /** The kernel options every part is run with (a drop rule among them). */
    public KernelOptions options() { return options; }

    public int dimensions() { return partScore.dimensions(); }

    /**
     * The score of part {@code part} when its requests run in {@code localSequence} (local ids
     * {@code 0 .. size - 1}, first to rank first). Returns a fresh copy.
     */
    public double[] scorePart(int part, int[] localSequence) {
        double[] out = new double[partScore.dimensions()];
        scorePart(part, localSequence, out);
        return out;
    }

    /**
     * The score of part {@code part} under {@code localSequence}, into {@code out[0 .. dimensions())}.
     * Allocates nothing once the part has been scored before, unless the memo is on.
     */
    public void scorePart(int part, int[] localSequence, double[] out) {
        if (localSequence.length != periods.size(part)) {
            throw new IllegalArgumentException("part " + part + " has " + periods.size(part) + " requests, sequence has " + localSequence.length);
        }
        Map<Key, double[]> cache = cache(part);
        Key key = null;
        if (cache != null) {
            key = new Key(localSequence.clone());
            double[] hit = cache.get(key);
            if (hit != null) {
                cacheHits.increment();
                System.arraycopy(hit, 0, out, 0, hit.length);
                return;
            }
        }
        CompiledTrace compiled = periods.part(part);
        if (partScore instanceof PerRequestScore perRequest && perRequest.perRequest() && !realtime && compiled.size() > 1 && !tooLong[part]) {
            scoreByTrajectory(part, compiled, perRequest, localSequence, out);
        } else {
            Worker w = workers.get();
            w.kernel.run(compiled, FixedOrder.ofSequence(localSequence), w.outcome, null);
            partScore.score(compiled, w.outcome, out);
        }
        scoredOrders.increment();
        if (cache != null) cache.put(key, java.util.Arrays.copyOf(out, partScore.dimensions()));
    }

    private void scoreByTrajectory(int part, CompiledTrace compiled, PerRequestScore score, int[] localSequence, double[] out) {
        PartTrajectory pt = trajectories[part];
        if (pt == null) {
            long layers = 0;
            for (int r = 0; r < compiled.size(); r++) layers += compiled.layerCount(r);
            if (layers > MAX_TRAJECTORY_LAYERS) {
                // a trajectory keeps ~60 bytes per layer; a period this long is re-run whole instead
                tooLong[part] = true;
                Worker w = workers.get();
                w.kernel.run(compiled, FixedOrder.ofSequence(localSequence), w.outcome, null);
                score.score(compiled, w.outcome, out);
                return;
            }
            pt = new PartTrajectory(compiled, localSequence, score);
            trajectories[part] = pt;
            score.finish(pt.baseSums, out);
            return;
        }
        FixedOrderTrajectory t = pt.trajectory;
        boolean replaced = t.evaluate(localSequence);
        if (replaced) {
            pt.resum(compiled, score);
            score.finish(pt.baseSums, out);
            return;
        }
        double[] sums = pt.sums;
        System.arraycopy(pt.baseSums, 0, sums, 0, sums.length);
        for (int i = 0, c = t.changedCount(); i < c; i++) {
            int r = t.changedRequest(i);
            score.addRequest(compiled, r, t.changedPreviousFinishSeconds(i), -1, sums);
            score.addRequest(compiled, r, t.changedFinishSeconds(i), 1, sums);
        }
        score.finish(sums, out);
    }

    /**
     * Tells part {@code part}'s trajectory that the search moved to {@code localSequence}, so later
     * orders are re-run only where they differ from it (cheap right after that order was scored:
     * its re-run stretch is spliced in). A no-op for scores that are not per-request.
     */
    public void adopt(int part, int[] localSequence) {
        PartTrajectory pt = trajectories[part];
        if (pt == null) return;
        pt.trajectory.adopt(localSequence);
        pt.resum(periods.part(part), (PerRequestScore) partScore);
    }

    /**
     * The score of the whole trace under {@code globalSequence} (every request id once), summed
     * over parts. Only parts whose internal order differs from the previous call's are re-run (or
     * looked up); the others reuse their last score.
     */
    public synchronized double[] score(int[] globalSequence) {
        int n = periods.trace().size();
        if (globalSequence.length != n) throw new IllegalArgumentException("sequence has " + globalSequence.length + " ids, trace has " + n);
        int parts = periods.count();
        int[][] local = new int[parts][];
        int[] fill = new int[parts];
        for (int p = 0; p < parts; p++) local[p] = new int[periods.size(p)];
        for (int request : globalSequence) {
            int p = periods.partOf(request);
            local[p][fill[p]++] = request - periods.firstRequest(p);
        }
        double[] total = new double[partScore.dimensions()];
        for (int p = 0; p < parts; p++) {
            if (lastLocalSequence[p] == null || !Arrays.equals(lastLocalSequence[p], local[p])) {
                lastPartScore[p] = scorePart(p, local[p]);
                lastLocalSequence[p] = local[p];
            }
            for (int d = 0; d < total.length; d++) total[d] += lastPartScore[p][d];
        }
        return total;
    }

    /**
     * Layers simulated by part-wise runs so far, and the layers full runs of those parts would
     * have simulated (per-request scores only; both 0 otherwise).
     */
    public long[] trajectorySteps() {
        long simulated = 0, full = 0;
        for (PartTrajectory pt : trajectories) {
            if (pt == null) continue;
            simulated += pt.trajectory.stepsSimulated();
            full += (long) pt.trajectory.steps() * pt.trajectory.evaluations();
        }
        return new long[] {simulated, full};
    }

    /**
     * Part orders scored so far that the cache did not answer: by a kernel run of the part, or by its
     * trajectory (which may re-run only a stretch, or nothing when the order's run cannot change).
     */
    public long scoredOrders() { return scoredOrders.sum(); }

    /** Scores answered from a part's cache. */
    public long cacheHits() { return cacheHits.sum(); }

    private Map<Key, double[]> cache(int part) {
        if (cacheEntriesPerPart == 0) return null;
        Map<Key, double[]> cache = caches[part];
        if (cache == null) {
            int capacity = cacheEntriesPerPart;
            cache = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, double[]> eldest) { return size() > capacity; }
            };
            caches[part] = cache;
        }
        return cache;
    }
}

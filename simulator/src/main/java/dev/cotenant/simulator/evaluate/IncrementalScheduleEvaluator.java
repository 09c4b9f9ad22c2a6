package dev.cotenant.simulator.evaluate;

import dev.cotenant.simulator.kernel.CompiledTrace;
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
 * <p>A score is a vector of {@link PartScore#dimensions()} numbers that add up over parts (for
 * example weighted misses and the sum of normalised turnarounds); the caller decides how vectors
 * compare. Scores come from the kernel's own outcome of the part, so they are exactly what a
 * whole-trace run would give (see {@link BusyPeriods}).
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

    private final BusyPeriods periods;
    private final PartScore partScore;
    private final int cacheEntriesPerPart;
    private final ThreadLocal<Worker> workers;
    private final Map<Key, double[]>[] caches;
    private final int[][] lastLocalSequence;
    private final double[][] lastPartScore;
    private final LongAdder kernelRuns = new LongAdder();
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
        this.partScore = partScore;
        this.cacheEntriesPerPart = cacheEntriesPerPart;
        this.workers = ThreadLocal.withInitial(() -> new Worker(options));
        int parts = periods.count();
        caches = new Map[parts];
        lastLocalSequence = new int[parts][];
        lastPartScore = new double[parts][];
    }

    public BusyPeriods periods() { return periods; }

    public int dimensions() { return partScore.dimensions(); }

    /**
     * The score of part {@code part} when its requests run in {@code localSequence} (local ids
     * {@code 0 .. size - 1}, first to rank first). Returns a fresh copy.
     */
    public double[] scorePart(int part, int[] localSequence) {
        if (localSequence.length != periods.size(part)) {
            throw new IllegalArgumentException("part " + part + " has " + periods.size(part) + " requests, sequence has " + localSequence.length);
        }
        Map<Key, double[]> cache = cache(part);
        Key key = new Key(localSequence.clone());
        double[] hit = cache == null ? null : cache.get(key);
        if (hit != null) {
            cacheHits.increment();
            return hit.clone();
        }
        double[] score = new double[partScore.dimensions()];
        Worker w = workers.get();
        CompiledTrace compiled = periods.part(part);
        w.kernel.run(compiled, FixedOrder.ofSequence(localSequence), w.outcome, null);
        partScore.score(compiled, w.outcome, score);
        kernelRuns.increment();
        if (cache != null) cache.put(key, score);
        return score.clone();
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

    /** Kernel runs done so far (cache misses). */
    public long kernelRuns() { return kernelRuns.sum(); }

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

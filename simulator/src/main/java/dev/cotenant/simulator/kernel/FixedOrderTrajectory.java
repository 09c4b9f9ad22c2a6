package dev.cotenant.simulator.kernel;

import java.util.Arrays;

/**
 * A {@code FixedOrder} run of one trace (a busy period) that remembers its trajectory, so that the
 * run of a changed order is simulated only where it can differ: from the first decision at which
 * two requests whose relative order changed are both waiting, until the run rejoins the
 * remembered one.
 * This is what makes a local-search move cheap: a swap of two requests re-runs the stretch of the
 * period in which those two were waiting, not the period.
 *
 * <p>The rules are {@link TimeMultiplexedKernel}'s with the physical clock and no switch cost
 * (admit every request that has arrived, run one layer of the admitted request of smallest rank),
 * specialised to a rank array; tests check both give the same finish times.
 *
 * <p>Why it is exact. Let {@code C} be requests covering every pair whose relative order changed
 * (the complement of a longest common subsequence of the old and new order). Until both requests
 * of a changed pair are waiting at once (in the remembered run; every such pair holds a request
 * of {@code C}) every decision compares unchanged pairs only, so the runs agree; the simulation
 * starts at the last checkpoint before that decision. It stops when every request of
 * {@code C} has finished and each request has run as many layers as in the remembered run after
 * the same number of steps: from then on both runs compare unchanged pairs from the same state,
 * so the rest of the remembered run (its finish times) is the new run's. The two clocks there are
 * sums of the same layer times in another order, so they may differ in the last bits; a rejoin is
 * accepted when they differ by at most {@link #REJOIN_TOLERANCE_SECONDS} and no arrival falls
 * between them (finish times after it are then the remembered ones, off by at most that much).
 *
 * <p>A search tells the trajectory which order it moved to with {@link #adopt}: the stretch just
 * simulated is spliced into the remembered run, so the next moves are compared with the search's
 * current order and re-run only what they change. (A run that does not rejoin reached the end of
 * the trace and is remembered at once.) Not thread-safe; nothing is allocated after construction.
 */
public final class FixedOrderTrajectory {
    public static final double REJOIN_TOLERANCE_SECONDS = 1e-9;
    /** Splices between two runs from scratch, so tolerated clock differences cannot build up. */
    static final int SPLICES_PER_REFRESH = 256;

    private enum Last { NONE, UNCHANGED, REJOINED, REPLACED }

    private final CompiledTrace trace;
    private final int n;
    private final int layers;
    /** Decisions between two checkpoints: at least 16, and about n / 4, so checkpoints (n ints each) take ~4 ints per layer. */
    private final int checkpointSteps;

    /** The remembered run and a run being recorded; swapped when a run does not rejoin. */
    private Run base, scratch;

    // per evaluation, reused
    private final int[] candidateRank, nextLayer, baseNextLayer, lastSequence;
    private final long[] queueBits;
    private final int[] window, lisTail, lisPrevious, changed;
    private final boolean[] inCover;
    private final int[] finishedInWindow;
    private final double[] finishInWindow, previousFinishInWindow;
    private int finishedInWindowCount;
    private Last last = Last.NONE;
    private int lastStartStep, lastEndStep, lastEndNextArrival;
    private long stepsSimulated, evaluations, rejoins, splices;

    /** One run: its order, per step the request run and the clock after it, and checkpoints. */
    private static final class Run {
        final int[] sequence, rank, admitStep, finishStep, pick;
        final double[] finishSeconds, timeAfter;
        // checkpoint c: the state before the admissions of decision c * checkpointSteps; the
        // layers run by requests oldestUnfinished .. nextArrival - 1 (a plain copy: cheaper to take
        // than a walk over the queue), in slot c of the pool
        final double[] checkpointTime;
        final int[] checkpointNextArrival, checkpointFinished, checkpointQueued, checkpointOldest, pool;

        Run(int n, int layers, int checkpoints) {
            sequence = new int[n];
            rank = new int[n];
            admitStep = new int[n];
            finishStep = new int[n];
            finishSeconds = new double[n];
            pick = new int[layers];
            timeAfter = new double[layers];
            checkpointTime = new double[checkpoints];
            checkpointNextArrival = new int[checkpoints];
            checkpointFinished = new int[checkpoints];
            checkpointQueued = new int[checkpoints];
            checkpointOldest = new int[checkpoints];
            pool = new int[checkpoints * n];
        }
    }

    /** Runs {@code sequence} (request ids, first to rank first) over {@code trace} and remembers it. */
    public FixedOrderTrajectory(CompiledTrace trace, int[] sequence) {
        this.trace = trace;
        this.n = trace.size;
        if (n == 0) throw new IllegalArgumentException("empty trace");
        long total = 0;
        for (int r = 0; r < n; r++) total += trace.layerCount[r];
        if (total > Integer.MAX_VALUE / 16) throw new IllegalArgumentException("trace too long for a trajectory: " + total + " layers");
        layers = (int) total;
        checkpointSteps = Math.max(16, n / 4);
        int checkpoints = layers / checkpointSteps + 2;
        base = new Run(n, layers, checkpoints);
        scratch = new Run(n, layers, checkpoints);
        candidateRank = new int[n];
        nextLayer = new int[n];
        baseNextLayer = new int[n];
        lastSequence = new int[n];
        queueBits = new long[(n + 63) >>> 6];
        window = new int[n];
        lisTail = new int[n + 1];
        lisPrevious = new int[n];
        changed = new int[n];
        inCover = new boolean[n];
        finishedInWindow = new int[n];
        finishInWindow = new double[n];
        previousFinishInWindow = new double[n];
        setRanks(sequence, candidateRank);
        runFromScratch(sequence);
        stepsSimulated = 0;
    }

    public CompiledTrace trace() { return trace; }

    /** The remembered order (do not modify). */
    public int[] sequence() { return base.sequence; }

    /** Finish time of {@code request} in the remembered run. */
    public double finishSeconds(int request) { return base.finishSeconds[request]; }

    /** Layers simulated by evaluations and adoptions so far (the cost measure). */
    public long stepsSimulated() { return stepsSimulated; }

    public long evaluations() { return evaluations; }

    /** Evaluations that stopped at a rejoin rather than at the end of the trace. */
    public long rejoins() { return rejoins; }

    /** Layers of a run: a full re-run's cost. */
    public int steps() { return layers; }

    /**
     * Runs the order {@code sequence} where it can differ from the remembered run. Afterwards the
     * requests whose finish time may differ are {@link #changedCount()} many: {@link #changedRequest}
     * with {@link #changedFinishSeconds} (and {@link #changedPreviousFinishSeconds}, its finish in
     * the remembered run before the call); every other request finishes as in that run.
     *
     * @return true if the remembered run was replaced by this one (it ran to the end)
     */
    public boolean evaluate(int[] sequence) {
        evaluations++;
        finishedInWindowCount = 0;
        int lo = 0, hi = n - 1;
        int[] old = base.sequence;
        while (lo < n && sequence[lo] == old[lo]) lo++;
        if (lo == n) {
            last = Last.UNCHANGED;
            return false;
        }
        while (sequence[hi] == old[hi]) hi--;
        // Remembered positions of the window's requests, in the new order; a longest increasing run
        // of them keeps its relative order, the rest (the cover) is what changed.
        int w = hi - lo + 1;
        for (int q = 0; q < w; q++) window[q] = base.rank[sequence[lo + q]];
        int coverSize = cover(w);
        // new ranks: unchanged outside the window
        System.arraycopy(base.rank, 0, candidateRank, 0, n);
        for (int q = lo; q <= hi; q++) candidateRank[sequence[q]] = q;
        int firstConflict = firstConflict(coverSize, lo, hi, sequence);
        if (firstConflict == Integer.MAX_VALUE) {
            // no changed pair ever waits together: the run is the remembered one
            System.arraycopy(sequence, 0, lastSequence, 0, n);
            lastStartStep = lastEndStep = 0;
            last = Last.REJOINED;
            return false;
        }
        int checkpoint = firstConflict / checkpointSteps;
        int startStep = checkpoint * checkpointSteps;
        int coverLeft = 0;
        for (int i = 0; i < coverSize; i++) {
            int r = changed[i];
            if (base.finishStep[r] >= startStep) { // cover requests done before the start stay done
                inCover[r] = true;
                coverLeft++;
            }
        }
        boolean replaced = simulateFrom(checkpoint, coverLeft, sequence);
        for (int i = 0; i < coverSize; i++) inCover[changed[i]] = false;
        System.arraycopy(sequence, 0, lastSequence, 0, n);
        last = replaced ? Last.REPLACED : Last.REJOINED;
        return replaced;
    }

    /**
     * Makes {@code sequence} the remembered order: the search moved there. If it is the order
     * evaluated last, its re-run stretch is spliced into the remembered run (no simulation);
     * otherwise it is evaluated first.
     */
    public void adopt(int[] sequence) {
        if (Arrays.equals(sequence, base.sequence)) return;
        if (last != Last.REJOINED || !Arrays.equals(sequence, lastSequence)) {
            if (evaluate(sequence)) return;
        }
        splice();
        if (++splices % SPLICES_PER_REFRESH == 0) {
            System.arraycopy(base.rank, 0, candidateRank, 0, n);
            runFromScratch(base.sequence);
        }
    }

    public int changedCount() { return finishedInWindowCount; }

    public int changedRequest(int i) { return finishedInWindow[i]; }

    public double changedFinishSeconds(int i) { return finishInWindow[i]; }

    /** Finish time of {@link #changedRequest changedRequest(i)} in the remembered run before the call. */
    public double changedPreviousFinishSeconds(int i) { return previousFinishInWindow[i]; }

    /**
     * The first decision of the remembered run at which both requests of a pair whose relative
     * order changed are waiting (admitted, not finished): the runs agree before it. Every such pair
     * holds a cover request, so the cover's pairs are checked, {@code O(cover x window)}; when that
     * is large, the first admission of a cover request is used instead (earlier, still safe).
     * {@link Integer#MAX_VALUE} if no such pair ever waits together.
     */
    private int firstConflict(int coverSize, int lo, int hi, int[] sequence) {
        int[] admit = base.admitStep, finish = base.finishStep, oldRank = base.rank;
        int first = Integer.MAX_VALUE;
        if ((long) coverSize * (hi - lo + 1) > 16L * n + 256) {
            for (int i = 0; i < coverSize; i++) first = Math.min(first, admit[changed[i]]);
            return first;
        }
        for (int i = 0; i < coverSize; i++) {
            int c = changed[i];
            int oldC = oldRank[c], newC = candidateRank[c], admitC = admit[c], finishC = finish[c];
            if (admitC >= first) continue;
            for (int q = lo; q <= hi; q++) {
                int x = sequence[q];
                if (x == c || (oldRank[x] < oldC) == (q < newC)) continue; // same relative order
                int together = Math.max(admitC, admit[x]);
                if (together < first && together <= Math.min(finishC, finish[x])) first = together;
            }
        }
        return first;
    }

    /** Marks the window requests outside one longest increasing subsequence of {@code window[0, w)}; returns their count in {@code changed}. */
    private int cover(int w) {
        // patience sorting with predecessor links; lisTail[len] = index of the smallest tail of an increasing run of length len + 1
        int length = 0;
        for (int i = 0; i < w; i++) {
            int v = window[i];
            int a = 0, b = length;
            while (a < b) {
                int mid = (a + b) >>> 1;
                if (window[lisTail[mid]] < v) a = mid + 1;
                else b = mid;
            }
            lisPrevious[i] = a > 0 ? lisTail[a - 1] : -1;
            lisTail[a] = i;
            if (a == length) length++;
        }
        // mark the run's members by negating their value (positions are >= 0), collect the others
        for (int i = lisTail[length - 1]; i >= 0; i = lisPrevious[i]) window[i] = -1 - window[i];
        int count = 0;
        for (int i = 0; i < w; i++) {
            if (window[i] >= 0) changed[count++] = base.sequence[window[i]];
        }
        return count;
    }

    private static void setRanks(int[] sequence, int[] rank) {
        if (sequence.length != rank.length) throw new IllegalArgumentException("sequence has " + sequence.length + " ids, trace has " + rank.length);
        Arrays.fill(rank, -1);
        for (int i = 0; i < sequence.length; i++) {
            int r = sequence[i];
            if (r < 0 || r >= rank.length || rank[r] >= 0) throw new IllegalArgumentException("not a permutation of 0.." + (rank.length - 1));
            rank[r] = i;
        }
    }

    /** A run of {@code sequence} (ranks in {@link #candidateRank}) from the empty state, remembered. */
    private void runFromScratch(int[] sequence) {
        Run b = base;
        b.checkpointTime[0] = 0;
        b.checkpointNextArrival[0] = 0;
        b.checkpointFinished[0] = 0;
        b.checkpointQueued[0] = 0;
        b.checkpointOldest[0] = 0;
        Arrays.fill(b.finishStep, Integer.MAX_VALUE);
        // with no cover to wait for it never rejoins; the comparison with the old run is moot
        simulateFrom(0, Integer.MAX_VALUE, sequence);
    }

    /**
     * Simulates from checkpoint {@code checkpoint} of the remembered run with {@link #candidateRank}
     * (order {@code sequence}), recording into {@link #scratch}; stops at a rejoin once
     * {@code coverSize} cover requests have finished. Returns true if it ran to the end (then
     * {@link #scratch} became {@link #base}). The admitted requests are a bit set over ranks, so a
     * decision is a find-first-set rather than a scan of the queue.
     */
    private boolean simulateFrom(int checkpoint, int coverSize, int[] sequence) {
        final Run b = base, s = scratch;
        final long[] queue = queueBits;
        final int[] rank = candidateRank;
        final int[] layerCount = trace.layerCount;
        finishedInWindowCount = 0;
        Arrays.fill(queue, 0);
        // restore the checkpoint into both the new and the remembered layer counts
        double t = b.checkpointTime[checkpoint];
        int nextArrival = b.checkpointNextArrival[checkpoint];
        int finished = b.checkpointFinished[checkpoint];
        int count = b.checkpointQueued[checkpoint];
        int oldest = b.checkpointOldest[checkpoint];
        int lowWord = queue.length;
        System.arraycopy(b.pool, checkpoint * n, nextLayer, oldest, nextArrival - oldest);
        System.arraycopy(b.pool, checkpoint * n, baseNextLayer, oldest, nextArrival - oldest);
        for (int r = oldest; r < nextArrival; r++) {
            if (nextLayer[r] < layerCount[r]) {
                int rk = rank[r];
                queue[rk >>> 6] |= 1L << rk;
                lowWord = Math.min(lowWord, rk >>> 6);
            }
        }
        Arrays.fill(nextLayer, nextArrival, n, 0);
        Arrays.fill(baseNextLayer, nextArrival, n, 0);

        final double[] arrival = trace.arrivalSeconds;
        final int[] rowStart = trace.rowStart;
        final double[] layerSeconds = trace.workload.layerSeconds;
        final int[] basePick = b.pick;
        final double[] baseTimeAfter = b.timeAfter;
        final int[] sPick = s.pick;
        final double[] sTimeAfter = s.timeAfter;
        final int k0 = checkpoint * checkpointSteps;
        final int restoredOldest = oldest;
        int k = k0;
        int nextCheckpointStep = k0;
        int coverLeft = coverSize;  // cover requests not yet finished
        // Until the cover has finished no rejoin is possible, so the remembered run is not
        // followed; the comparison starts then, from the remembered state rebuilt at that step.
        boolean comparing = coverSize == 0;
        int differing = 0;          // while comparing: requests whose layer count differs from the remembered run's at the same step
        while (finished < n) {
            if (k == nextCheckpointStep) {
                while (oldest < nextArrival && nextLayer[oldest] == layerCount[oldest]) oldest++;
                checkpoint(s, k / checkpointSteps, t, nextArrival, finished, count, oldest);
                nextCheckpointStep += checkpointSteps;
            }
            if (count == 0 && arrival[nextArrival] > t) t = arrival[nextArrival];
            while (nextArrival < n && arrival[nextArrival] <= t) {
                s.admitStep[nextArrival] = k;
                int rk = rank[nextArrival++];
                queue[rk >>> 6] |= 1L << rk;
                if ((rk >>> 6) < lowWord) lowWord = rk >>> 6;
                count++;
            }
            while (queue[lowWord] == 0) lowWord++;
            int bestRank = (lowWord << 6) + Long.numberOfTrailingZeros(queue[lowWord]);
            int r = sequence[bestRank];
            int row = rowStart[r], layerTotal = layerCount[r];
            int layer = nextLayer[r];
            if (!comparing) {
                // With fixed ranks the next decision picks r again unless it finishes, a request
                // arrives or a checkpoint is due: run its layers in one go.
                double nextArrivalSeconds = nextArrival < n ? arrival[nextArrival] : Double.POSITIVE_INFINITY;
                do {
                    t += layerSeconds[row + layer++];
                    sPick[k] = r;
                    sTimeAfter[k] = t;
                    k++;
                } while (layer < layerTotal && nextArrivalSeconds > t && k != nextCheckpointStep);
                nextLayer[r] = layer;
            } else {
                t += layerSeconds[row + layer];
                if (layer == baseNextLayer[r]) differing++;
                nextLayer[r] = ++layer;
                if (layer == baseNextLayer[r]) differing--;
                sPick[k] = r;
                sTimeAfter[k] = t;
                int q = basePick[k];
                if (baseNextLayer[q] == nextLayer[q]) differing++;
                baseNextLayer[q]++;
                if (baseNextLayer[q] == nextLayer[q]) differing--;
                k++;
            }
            if (layer == layerTotal) {
                s.finishSeconds[r] = t;
                s.finishStep[r] = k - 1;
                finishedInWindow[finishedInWindowCount] = r;
                previousFinishInWindow[finishedInWindowCount] = b.finishSeconds[r];
                finishInWindow[finishedInWindowCount++] = t;
                finished++;
                count--;
                queue[bestRank >>> 6] &= ~(1L << bestRank);
                if (inCover[r] && --coverLeft == 0 && k < layers) {
                    comparing = true;
                    rememberedStateAt(k, restoredOldest);
                    differing = 0;
                    for (int x = restoredOldest; x < n; x++) if (nextLayer[x] != baseNextLayer[x]) differing++;
                }
            }
            if (comparing && differing == 0 && k < layers) {
                double baseT = baseTimeAfter[k - 1];
                if (Math.abs(t - baseT) <= REJOIN_TOLERANCE_SECONDS && sameAdmissions(arrival, nextArrival, Math.min(t, baseT), Math.max(t, baseT))) {
                    stepsSimulated += k - k0;
                    rejoins++;
                    lastStartStep = k0;
                    lastEndStep = k;
                    lastEndNextArrival = nextArrival;
                    return false;
                }
            }
        }
        stepsSimulated += k - k0;
        // ran to the end: the recording becomes the remembered run, sharing its prefix
        System.arraycopy(b.pick, 0, s.pick, 0, k0);
        System.arraycopy(b.timeAfter, 0, s.timeAfter, 0, k0);
        copyCheckpoints(b, s, 0, checkpoint);
        System.arraycopy(b.admitStep, 0, s.admitStep, 0, b.checkpointNextArrival[checkpoint]);
        for (int r = 0; r < n; r++) {
            if (b.finishStep[r] < k0) {
                s.finishStep[r] = b.finishStep[r];
                s.finishSeconds[r] = b.finishSeconds[r];
            }
        }
        System.arraycopy(sequence, 0, s.sequence, 0, n);
        System.arraycopy(rank, 0, s.rank, 0, n);
        base = s;
        scratch = b;
        return true;
    }

    /**
     * Puts the remembered run's layer counts after {@code step} steps into {@link #baseNextLayer}
     * for requests {@code from .. n - 1}: its checkpoint at or before the step, then its picks.
     * Checkpoints record the smallest unfinished request, which only grows along a run, so
     * requests from {@code from} up to the checkpoint's are finished there.
     */
    private void rememberedStateAt(int step, int from) {
        Run b = base;
        int c = step / checkpointSteps;
        int oldest = b.checkpointOldest[c], arrived = b.checkpointNextArrival[c];
        int[] layerCount = trace.layerCount;
        for (int x = from; x < oldest; x++) baseNextLayer[x] = layerCount[x];
        System.arraycopy(b.pool, c * n, baseNextLayer, oldest, arrived - oldest);
        Arrays.fill(baseNextLayer, arrived, n, 0);
        int[] pick = b.pick;
        for (int j = c * checkpointSteps; j < step; j++) baseNextLayer[pick[j]]++;
    }

    /** Copies the last evaluation's re-run stretch (it rejoined) into the remembered run. */
    private void splice() {
        Run b = base, s = scratch;
        int from = lastStartStep, to = lastEndStep;
        if (to > from) copyStretch(b, s, from, to);
        System.arraycopy(lastSequence, 0, b.sequence, 0, n);
        setRanks(b.sequence, b.rank);
        last = Last.UNCHANGED;
    }

    private void copyStretch(Run b, Run s, int from, int to) {
        System.arraycopy(s.pick, from, b.pick, from, to - from);
        System.arraycopy(s.timeAfter, from, b.timeAfter, from, to - from);
        int firstCheckpoint = from / checkpointSteps;
        copyCheckpoints(s, b, firstCheckpoint, (to - 1) / checkpointSteps + 1);
        int firstAdmitted = s.checkpointNextArrival[firstCheckpoint];
        System.arraycopy(s.admitStep, firstAdmitted, b.admitStep, firstAdmitted, lastEndNextArrival - firstAdmitted);
        for (int i = 0; i < finishedInWindowCount; i++) {
            int r = finishedInWindow[i];
            b.finishSeconds[r] = finishInWindow[i];
            b.finishStep[r] = s.finishStep[r];
        }
    }

    private void copyCheckpoints(Run from, Run to, int first, int end) {
        System.arraycopy(from.checkpointTime, first, to.checkpointTime, first, end - first);
        System.arraycopy(from.checkpointNextArrival, first, to.checkpointNextArrival, first, end - first);
        System.arraycopy(from.checkpointFinished, first, to.checkpointFinished, first, end - first);
        System.arraycopy(from.checkpointQueued, first, to.checkpointQueued, first, end - first);
        System.arraycopy(from.checkpointOldest, first, to.checkpointOldest, first, end - first);
        for (int c = first; c < end; c++) {
            System.arraycopy(from.pool, c * n, to.pool, c * n, from.checkpointNextArrival[c] - from.checkpointOldest[c]);
        }
    }

    /** True if no request arrives in {@code (low - tolerance, high + tolerance]} beyond those already admitted. */
    private boolean sameAdmissions(double[] arrival, int nextArrival, double low, double high) {
        int j = nextArrival;
        while (j < n && arrival[j] <= low - REJOIN_TOLERANCE_SECONDS) j++;
        return j == n || arrival[j] > high + REJOIN_TOLERANCE_SECONDS;
    }

    private void checkpoint(Run s, int c, double t, int nextArrival, int finished, int count, int oldest) {
        s.checkpointTime[c] = t;
        s.checkpointNextArrival[c] = nextArrival;
        s.checkpointFinished[c] = finished;
        s.checkpointQueued[c] = count;
        s.checkpointOldest[c] = oldest;
        System.arraycopy(nextLayer, oldest, s.pool, c * n, nextArrival - oldest);
    }
}

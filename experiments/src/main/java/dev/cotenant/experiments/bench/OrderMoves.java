package dev.cotenant.experiments.bench;

import dev.cotenant.simulator.evaluate.BusyPeriods;

import java.util.SplittableRandom;

/**
 * A seeded stream of the offline optimiser's local-search moves over the priority order of one
 * busy period, drawn like OptaPlanner's selectors in {@code PlannerPartSolver}: a swap of two
 * requests, a change (one request moved elsewhere), or a sub-list moved elsewhere, reversed half
 * of the time. The period of each move is that of a uniformly drawn request among the searched
 * periods (so a period gets moves in proportion to its size, as the optimiser's per-request
 * budget gives it). Applying and undoing a move touches only the window of positions it changes.
 * Used by {@link MoveCost}.
 */
final class OrderMoves {
    static final int SWAP = 0, CHANGE = 1, SUB_LIST = 2;

    final int count;
    final int[] part, type, from, to, length;
    final boolean[] reversed;

    private int[] window = new int[0];
    private int[] undo = new int[0];
    private int undoFrom, undoLength;

    /**
     * @param minPartSize only periods of at least this many requests get moves (at least 2)
     */
    OrderMoves(BusyPeriods periods, int minPartSize, int count, long seed) {
        this.count = count;
        part = new int[count];
        type = new int[count];
        from = new int[count];
        to = new int[count];
        length = new int[count];
        reversed = new boolean[count];
        int min = Math.max(2, minPartSize);
        int eligible = 0;
        for (int p = 0; p < periods.count(); p++) if (periods.size(p) >= min) eligible += periods.size(p);
        if (eligible == 0) throw new IllegalArgumentException("no busy period of at least " + min + " requests");
        int[] partOfDraw = new int[eligible];
        int k = 0;
        for (int p = 0; p < periods.count(); p++) {
            if (periods.size(p) >= min) for (int i = 0; i < periods.size(p); i++) partOfDraw[k++] = p;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int longest = 0;
        for (int m = 0; m < count; m++) {
            int p = partOfDraw[random.nextInt(eligible)];
            int n = periods.size(p);
            longest = Math.max(longest, n);
            part[m] = p;
            type[m] = random.nextInt(3);
            switch (type[m]) {
                case SWAP -> {
                    int i = random.nextInt(n), j = random.nextInt(n - 1);
                    from[m] = i;
                    to[m] = j >= i ? j + 1 : j;
                    length[m] = 1;
                }
                case CHANGE -> {
                    from[m] = random.nextInt(n);
                    int j = random.nextInt(n - 1); // destination in the list without the request
                    to[m] = j >= from[m] ? j + 1 : j;
                    length[m] = 1;
                }
                default -> {
                    // a sub-list [u, v) of 1 .. n - 1 requests, uniform over such sub-lists, moved
                    // to position j of the remaining list (not back where it was)
                    int u, v;
                    do {
                        u = random.nextInt(n + 1);
                        v = random.nextInt(n + 1);
                    } while (u == v || Math.abs(u - v) == n);
                    int lo = Math.min(u, v), len = Math.abs(u - v);
                    int j;
                    boolean rev = random.nextBoolean();
                    do {
                        j = random.nextInt(n - len + 1);
                    } while (j == lo && !rev);
                    from[m] = lo;
                    to[m] = j;
                    length[m] = len;
                    reversed[m] = rev;
                }
            }
        }
        window = new int[longest];
        undo = new int[longest];
    }

    /** Applies move {@code m} to {@code seq[offset .. offset + n)}, remembering what to undo. */
    void apply(int m, int[] seq, int offset) {
        int u = from[m], j = to[m], len = length[m];
        if (type[m] == SWAP) {
            int lo = Math.min(u, j), hi = Math.max(u, j);
            remember(seq, offset + lo, hi - lo + 1);
            int a = seq[offset + u];
            seq[offset + u] = seq[offset + j];
            seq[offset + j] = a;
            return;
        }
        // change = sub-list of one; new list = rest[0 .. j) + sub-list + rest[j ..), rest = list without [u, u + len)
        int lo = Math.min(u, j), hi = Math.max(u + len, j + len); // exclusive
        remember(seq, offset + lo, hi - lo);
        for (int q = lo; q < hi; q++) {
            int value;
            if (q < j) value = rest(seq, offset, u, len, q);
            else if (q < j + len) value = reversed[m] ? seq[offset + u + len - 1 - (q - j)] : seq[offset + u + (q - j)];
            else value = rest(seq, offset, u, len, q - len);
            window[q - lo] = value;
        }
        System.arraycopy(window, 0, seq, offset + lo, hi - lo);
    }

    private static int rest(int[] seq, int offset, int u, int len, int x) { return x < u ? seq[offset + x] : seq[offset + x + len]; }

    private void remember(int[] seq, int start, int n) {
        System.arraycopy(seq, start, undo, 0, n);
        undoFrom = start;
        undoLength = n;
    }

    /** Undoes the last {@link #apply} on the same array. */
    void undo(int[] seq) { System.arraycopy(undo, 0, seq, undoFrom, undoLength); }
}

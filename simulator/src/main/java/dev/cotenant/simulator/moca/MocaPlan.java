package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;

import java.util.Arrays;

/**
 * A fixed schedule for the MoCA runtime, executed by {@link MocaRuntime#runPlan} in place of a
 * dispatcher: rounds, each with a start time and, for every one of the 4 two-tile sub-groups, the
 * ordered requests it runs back to back (optionally each with a co-location partner). Execution
 * is physical: nothing starts before it arrives nor before its round starts, and a round ends when
 * every sub-group has run its list, as in the online runtime.
 * <ul>
 *   <li>{@link #ofOrders}: one round from cycle 0, partners left to the executing policy's pairing
 *       rule (MOCA.md §6) over each whole list: the family the offline search explores.</li>
 *   <li>{@link MocaRuntime#realisedPlan()}: what an online run did (every round's start and every
 *       slot it began, with the partner it was paired with), so a replay repeats the run.</li>
 * </ul>
 * A request appears as a slot at most once; every request is a slot or some slot's partner.
 */
public final class MocaPlan {
    public static final int NO_PARTNER = -1;
    private final double[] roundStartCycles;
    private final int[][][] requests;
    /** [round][sub-group][slot], or null: pair by the policy's rule. */
    private final int[][][] partners;

    private MocaPlan(double[] roundStartCycles, int[][][] requests, int[][][] partners) {
        if (roundStartCycles.length != requests.length || (partners != null && partners.length != requests.length)) {
            throw new IllegalArgumentException("rounds differ in count");
        }
        for (int[][] round : requests) {
            if (round.length != MocaRuntime.SUB_GROUPS) throw new IllegalArgumentException("a round needs " + MocaRuntime.SUB_GROUPS + " lists");
        }
        this.roundStartCycles = roundStartCycles.clone();
        this.requests = deepCopy(requests);
        this.partners = partners == null ? null : deepCopy(partners);
        if (partners != null) {
            for (int t = 0; t < requests.length; t++) {
                for (int k = 0; k < MocaRuntime.SUB_GROUPS; k++) {
                    if (partners[t][k].length != requests[t][k].length) throw new IllegalArgumentException("partners differ in length");
                }
            }
        }
    }

    /** One round from cycle 0: sub-group k runs {@code orders[k]} in order; partners by the policy's rule. */
    public static MocaPlan ofOrders(int[][] orders) {
        if (orders.length != MocaRuntime.SUB_GROUPS) throw new IllegalArgumentException("need " + MocaRuntime.SUB_GROUPS + " orders");
        return new MocaPlan(new double[] {0}, new int[][][] {orders}, null);
    }

    /** Rounds with explicit partners ({@link #NO_PARTNER} for none). */
    public static MocaPlan ofRounds(double[] roundStartCycles, int[][][] requests, int[][][] partners) {
        return new MocaPlan(roundStartCycles, requests, partners);
    }

    public int rounds() { return requests.length; }
    public double roundStartCycles(int round) { return roundStartCycles[round]; }
    public int length(int round, int subGroup) { return requests[round][subGroup].length; }
    public int request(int round, int subGroup, int slot) { return requests[round][subGroup][slot]; }
    public boolean pairsByRule() { return partners == null; }
    public int partner(int round, int subGroup, int slot) { return partners == null ? NO_PARTNER : partners[round][subGroup][slot]; }

    /**
     * Each sub-group's slots over all rounds, in order: the single-round order a search starts from.
     * A request that ran only as a partner (no slot of its own) follows its heavy's slot, where the
     * pairing rule finds it again.
     */
    public int[][] orders() {
        int largest = -1;
        for (int[][] round : requests) for (int[] list : round) for (int r : list) largest = Math.max(largest, r);
        if (partners != null) for (int[][] round : partners) for (int[] list : round) for (int p : list) largest = Math.max(largest, p);
        boolean[] hasSlot = new boolean[largest + 1];
        for (int[][] round : requests) for (int[] list : round) for (int r : list) hasSlot[r] = true;
        int[][] orders = new int[MocaRuntime.SUB_GROUPS][];
        for (int k = 0; k < MocaRuntime.SUB_GROUPS; k++) {
            int[] order = new int[0];
            int length = 0;
            for (int t = 0; t < requests.length; t++) {
                for (int i = 0; i < requests[t][k].length; i++) {
                    if (length + 2 > order.length) order = Arrays.copyOf(order, 2 * length + 2);
                    order[length++] = requests[t][k][i];
                    int p = partner(t, k, i);
                    if (p != NO_PARTNER && !hasSlot[p]) {
                        order[length++] = p;
                        hasSlot[p] = true;
                    }
                }
            }
            orders[k] = Arrays.copyOf(order, length);
        }
        return orders;
    }

    /** Checks the plan against a trace of {@code n} requests: ids in range, no request twice as a slot, none left out. */
    public void validate(int n, String where) {
        boolean[] slot = new boolean[n];
        boolean[] covered = new boolean[n];
        for (int t = 0; t < requests.length; t++) {
            if (t > 0 && roundStartCycles[t] < roundStartCycles[t - 1]) throw BadInputException.at(where, "round " + t + " starts before round " + (t - 1));
            for (int k = 0; k < MocaRuntime.SUB_GROUPS; k++) {
                for (int i = 0; i < requests[t][k].length; i++) {
                    int r = requests[t][k][i];
                    if (r < 0 || r >= n) throw BadInputException.at(where, "request " + r + " is not in a trace of " + n);
                    if (slot[r]) throw BadInputException.at(where, "request " + r + " has two slots");
                    slot[r] = covered[r] = true;
                    int p = partner(t, k, i);
                    if (p != NO_PARTNER) {
                        if (p < 0 || p >= n) throw BadInputException.at(where, "partner " + p + " is not in a trace of " + n);
                        covered[p] = true;
                    }
                }
            }
        }
        for (int r = 0; r < n; r++) if (!covered[r]) throw BadInputException.at(where, "request " + r + " is not in the plan");
    }

    private static int[][][] deepCopy(int[][][] a) {
        int[][][] c = new int[a.length][][];
        for (int i = 0; i < a.length; i++) {
            c[i] = new int[a[i].length][];
            for (int j = 0; j < a[i].length; j++) c[i][j] = a[i][j].clone();
        }
        return c;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int t = 0; t < requests.length; t++) {
            b.append("round ").append(t).append(" @").append(roundStartCycles[t]).append(':');
            for (int k = 0; k < MocaRuntime.SUB_GROUPS; k++) b.append(' ').append(Arrays.toString(requests[t][k]));
            b.append('\n');
        }
        return b.toString();
    }
}

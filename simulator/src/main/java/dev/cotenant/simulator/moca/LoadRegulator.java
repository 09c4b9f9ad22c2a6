package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;

/**
 * MoCA's per-tile hardware load regulator (Gemmini DMA reader), at window granularity: it counts
 * the 16-B rows of load requests issued in each window of {@code window} cycles; at each window end
 * it adds (count - threshold) to a signed carry that is never clamped (under-use earns credit).
 * Whenever the carry exceeds threshold/2 the DMA issues no loads for a stall of window/2 x
 * {2, 1.5, 1.25, 1} cycles, chosen by the carry reaching {1, 3/4, 5/8, less} x threshold, and
 * the carry drops by {1, 3/4, 5/8, 1/2} x threshold. A window of 0 turns it off; stores are never
 * throttled. The stall starts a fresh window (the rows counted in the interrupted one are dropped,
 * as the hardware clears its inner counter).
 *
 * <p>Every stall removes exactly threshold/window from the carry per stalled cycle, so under a
 * demand above threshold/window the carry stays bounded only if the tile issues threshold/window
 * rows per cycle on average: {@link #sustainedRowsPerCycle} is that closed form, and the stepping
 * model {@link #step} is what tests check it against.
 */
public final class LoadRegulator {
    private static final double[] STALL_HALF_WINDOWS = {2, 1.5, 1.25, 1};
    private static final double[] CARRY_STEP = {1, 0.75, 0.625};
    private static final double[] DEDUCTION = {1, 0.75, 0.625, 0.5};

    private final double windowCycles;
    private final double thresholdRows;
    private double carryRows;
    private double stalledCycles;
    private long stalls;

    /** {@code window} cycles (0 = off) and {@code threshold} rows per window. */
    public LoadRegulator(double windowCycles, double thresholdRows) {
        if (!(windowCycles >= 0) || !(thresholdRows >= 0)) {
            throw BadInputException.at("regulator", "window " + windowCycles + " and threshold " + thresholdRows + " must be >= 0");
        }
        this.windowCycles = windowCycles;
        this.thresholdRows = thresholdRows;
    }

    public double carryRows() { return carryRows; }
    public double stalledCycles() { return stalledCycles; }
    public long stalls() { return stalls; }

    /**
     * One window in which the tile would issue {@code rowsWanted} rows if unthrottled: closes the
     * window (carry += issued - threshold), then takes every stall the carry triggers. Returns the
     * cycles this step took (the window plus its stalls); rows issued = {@code rowsWanted}.
     */
    public double step(double rowsWanted) {
        if (windowCycles == 0) return 0;
        carryRows += rowsWanted - thresholdRows;
        double cycles = windowCycles;
        while (carryRows > thresholdRows / 2) {
            int level = 3;
            for (int j = 0; j < CARRY_STEP.length; j++) {
                if (carryRows >= CARRY_STEP[j] * thresholdRows) { level = j; break; }
            }
            double stall = windowCycles / 2 * STALL_HALF_WINDOWS[level];
            carryRows -= DEDUCTION[level] * thresholdRows;
            stalledCycles += stall;
            cycles += stall;
            stalls++;
        }
        return cycles;
    }

    /**
     * Long-run load rate of a tile that wants {@code demandRowsPerCycle} under this regulator:
     * min(demand, threshold / window); unlimited when the window is 0.
     */
    public static double sustainedRowsPerCycle(double windowCycles, double thresholdRows, double demandRowsPerCycle) {
        if (windowCycles <= 0) return demandRowsPerCycle;
        return Math.min(demandRowsPerCycle, thresholdRows / windowCycles);
    }
}

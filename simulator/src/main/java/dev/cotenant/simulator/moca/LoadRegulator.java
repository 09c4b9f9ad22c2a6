package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;

/**
 * MoCA's per-tile hardware load regulator (in Gemmini's DMA reader), at window granularity. It
 * counts the 16-B rows of the load requests a tile issues in each window of {@code window} cycles;
 * at each window end it adds (count - threshold) to a signed carry that is never clamped
 * (under-use earns credit). Whenever the carry exceeds threshold/2 the reader issues no loads for a
 * stall of window/2 x {2, 1.5, 1.25, 1} cycles, chosen by the carry reaching {1, 3/4, 5/8, less}
 * x threshold, and the carry drops by {1, 3/4, 5/8, 1/2} x threshold. A stall starts a fresh
 * window. Stores are never throttled; a window of 0 turns it off. The fractions are the
 * hardware's integer halvings ({@code t/2 + t/4}, {@code w/2 + w/4}, ...).
 *
 * <p>Every stall removes threshold/window rows of carry per stalled cycle (1 x t per window,
 * 3/4 t per 3/4 window, ...), so under a demand above threshold/window the carry stays bounded only
 * if the tile averages threshold/window rows per cycle: {@link #sustainedRowsPerCycle} is that
 * closed form, and {@link #step} the window-level stepping model tests check it against.
 */
public final class LoadRegulator {
    private final long windowCycles;
    private final long thresholdRows;
    private long carryRows;
    private long stalledCycles;
    private long stalls;

    /** {@code window} cycles (0 = off) and {@code threshold} rows per window, as the 16-bit registers hold them. */
    public LoadRegulator(long windowCycles, long thresholdRows) {
        if (windowCycles < 0 || windowCycles > 0xFFFF || thresholdRows < 0 || thresholdRows > 0xFFFF) {
            throw BadInputException.at("regulator", "window " + windowCycles + " and threshold " + thresholdRows
                    + " must be in 0..65535 (16-bit registers)");
        }
        this.windowCycles = windowCycles;
        this.thresholdRows = thresholdRows;
    }

    public long carryRows() { return carryRows; }
    public long stalledCycles() { return stalledCycles; }
    public long stalls() { return stalls; }

    /**
     * One window in which the tile issues {@code rowsIssued} rows: closes the window
     * (carry += issued - threshold), then takes every stall the carry triggers. Returns the cycles
     * this took (the window plus its stalls); 0 when the regulator is off.
     */
    public long step(long rowsIssued) {
        if (windowCycles == 0) return 0;
        carryRows += rowsIssued - thresholdRows;
        long cycles = windowCycles;
        long t = thresholdRows;
        long half = windowCycles / 2;
        while (2 * carryRows > t) {
            long stall;
            long deduction;
            if (carryRows >= t) {
                stall = half + half;
                deduction = t;
            } else if (carryRows >= t / 2 + t / 4) {
                stall = half + half / 2;
                deduction = t / 2 + t / 4;
            } else if (carryRows >= t / 2 + t / 8) {
                stall = half + half / 4;
                deduction = t / 2 + t / 8;
            } else {
                stall = half;
                deduction = t / 2;
            }
            if (deduction == 0) break; // threshold 0 or 1: the hardware would stall forever; not a setting the runtime makes
            carryRows -= deduction;
            stalledCycles += stall;
            cycles += stall;
            stalls++;
        }
        return cycles;
    }

    /**
     * Long-run load rate of a tile that wants {@code demandRowsPerCycle} under this regulator:
     * min(demand, threshold / window); the demand itself when the window is 0 (off).
     */
    public static double sustainedRowsPerCycle(double windowCycles, double thresholdRows, double demandRowsPerCycle) {
        if (windowCycles <= 0) return demandRowsPerCycle;
        return Math.min(demandRowsPerCycle, thresholdRows / windowCycles);
    }
}

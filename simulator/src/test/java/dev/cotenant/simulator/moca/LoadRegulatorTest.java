package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** MoCA's window-level load regulator against hand-worked windows, and its analytic sustained rate. */
class LoadRegulatorTest {
    @Test
    void creditAndStallsOnAHandWorkedSequenceOfWindows() {
        // window 100 cycles, threshold 40 rows: steps 40/30/25/20 rows, stalls 100/75/62/50 cycles
        LoadRegulator r = new LoadRegulator(100, 40);
        assertEquals(100, r.step(20));   // carry -20: credit, no stall
        assertEquals(-20, r.carryRows());
        assertEquals(100, r.step(50));   // carry -10
        assertEquals(-10, r.carryRows());
        assertEquals(200, r.step(90));   // carry 40 >= t: stall 2 x 50, carry 0
        assertEquals(0, r.carryRows());
        assertEquals(175, r.step(75));   // carry 35 >= 30 (3/4 t): stall 1.5 x 50 = 75, carry 5
        assertEquals(5, r.carryRows());
        assertEquals(162, r.step(61));   // carry 26 >= 25 (5/8 t): stall 50 + 50/4 = 62, carry 1
        assertEquals(1, r.carryRows());
        assertEquals(150, r.step(62));   // carry 23 > 20 only: stall 50, carry 3
        assertEquals(3, r.carryRows());
        assertEquals(250, r.step(100));  // carry 63: stall 100 (-> 23), then 50 (-> 3)
        assertEquals(3, r.carryRows());
        assertEquals(6, r.stalls());
        assertEquals(100 + 75 + 62 + 50 + 150, r.stalledCycles());
    }

    @Test
    void carryIsNeverClampedSoEarlyUnderUseBuysALaterBurst() {
        LoadRegulator r = new LoadRegulator(100, 40);
        for (int i = 0; i < 10; i++) r.step(0); // 10 idle windows: carry -400
        assertEquals(-400, r.carryRows());
        long cycles = 0;
        for (int i = 0; i < 10; i++) cycles += r.step(80); // +40 per window: back to 0, never above t/2
        assertEquals(0, r.carryRows());
        assertEquals(1000, cycles);
        assertEquals(0, r.stalls());
    }

    @Test
    void windowZeroIsOff() {
        LoadRegulator r = new LoadRegulator(0, 40);
        assertEquals(0, r.step(1_000_000));
        assertEquals(0, r.carryRows());
        assertEquals(7.5, LoadRegulator.sustainedRowsPerCycle(0, 40, 7.5));
    }

    @Test
    void steppingModelConvergesToTheAnalyticSustainedRate() {
        long[][] settings = {{100, 40}, {1000, 300}, {64, 50}, {4096, 1000}, {333, 17}};
        double[] demands = {0.05, 0.2, 0.5, 0.9, 1.0};
        for (long[] s : settings) {
            for (double demand : demands) {
                LoadRegulator r = new LoadRegulator(s[0], s[1]);
                long rowsPerWindow = Math.round(demand * s[0]);
                double rows = 0, cycles = 0;
                for (int i = 0; i < 20_000; i++) {
                    rows += rowsPerWindow;
                    cycles += r.step(rowsPerWindow);
                }
                double stepped = rows / cycles;
                double analytic = LoadRegulator.sustainedRowsPerCycle(s[0], s[1], rowsPerWindow / (double) s[0]);
                // the integer halvings shave at most a row or a cycle per stall: 2% covers them
                assertEquals(analytic, stepped, 0.02 * analytic,
                        "window " + s[0] + " threshold " + s[1] + " demand " + demand);
            }
        }
    }

    @Test
    void registersAre16Bit() {
        assertThrows(BadInputException.class, () -> new LoadRegulator(70_000, 10));
        assertThrows(BadInputException.class, () -> new LoadRegulator(100, -1));
    }
}

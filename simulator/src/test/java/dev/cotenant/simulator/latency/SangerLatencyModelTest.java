package dev.cotenant.simulator.latency;

import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SangerLatencyModelTest {
    private static final double RELATIVE = 1e-12;

    @Test
    void denseHalfDensityBalancedAtDefaultSequenceLength() {
        // S = 512, d = 0.5, lb = 1:
        //   QKV:       512 * 768 * 768 * 6 = 1,811,939,328 op; / 1e9 / 2048 = 884,736e-9 s
        //   output:    512 * 768 * 768 * 2 = 603,979,776 op; / 1e9 / (2048 * 1 / 0.5 = 4096) = 147,456e-9 s
        //   attention: rows = 0.5 / 1 / 0.25 * 512 = 1024; tile = (832 + 1088) * 512 / 64 = 15,360 cycles;
        //              x max(1, 64*2/128 = 1) = 15,360; total = 1024 / 64 * 15,360 = 245,760 cycles = 245,760e-9 s
        //   sum = 884,736 + 147,456 + 245,760 = 1,277,952e-9 s
        assertClose(1.277952e-3, new SangerLatencyModel().layerLatencySeconds(0.5, 1.0));
    }

    @Test
    void unbalancedLoadSlowsOutputAndAttention() {
        // S = 512, d = 0.5, lb = 0.5:
        //   QKV 884,736e-9 s as above
        //   output: 603,979,776 / 1e9 / (2048 * 0.5 / 0.5 = 2048) = 294,912e-9 s
        //   attention: rows = 0.5 / 0.5 / 0.25 * 512 = 2048; tile = (832 + 2112) * 512 / 64 = 23,552;
        //              total = 2048 / 64 * 23,552 = 753,664 cycles
        //   sum = 884,736 + 294,912 + 753,664 = 1,933,312e-9 s
        assertClose(1.933312e-3, new SangerLatencyModel(512).layerLatencySeconds(0.5, 0.5));
    }

    @Test
    void sequenceLengthIsConfigurable() {
        // S = 128, d = 0.5, lb = 1:
        //   QKV: 884,736 / 4 = 221,184e-9 s; output: 147,456 / 4 = 36,864e-9 s
        //   attention: rows = 2 * 128 = 256; tile = (832 + 320) * 128 / 64 = 2,304; total = 256 / 64 * 2,304 = 9,216
        //   sum = 221,184 + 36,864 + 9,216 = 267,264e-9 s
        SangerLatencyModel model = new SangerLatencyModel(128);
        assertEquals(128, model.sequenceLength());
        assertClose(2.67264e-4, model.layerLatencySeconds(0.5, 1.0));
    }

    @Test
    void rejectsOutOfDomainArguments() {
        assertThrows(BadInputException.class, () -> new SangerLatencyModel(0));
        SangerLatencyModel model = new SangerLatencyModel();
        assertThrows(IllegalArgumentException.class, () -> model.layerLatencySeconds(0, 1));
        assertThrows(IllegalArgumentException.class, () -> model.layerLatencySeconds(1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> model.layerLatencySeconds(0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> model.layerLatencySeconds(0.5, Double.NaN));
    }

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, Math.abs(expected) * RELATIVE);
    }
}

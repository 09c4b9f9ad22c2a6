package dev.cotenant.simulator.setting;

import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaTraces;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A MoCA workload's window suffix: requests FROM..TO of its trace, arrivals shifted to 0, named as moca-optimal names them. */
class MocaWindowTest {
    @Test
    void aWindowOfASetIsThoseRequestsOfTheArtifactTraceShiftedToStartAtZero() {
        MocaTrace whole = MocaTraces.scenario("moca-a-h"); // set A at QoS high (0.8), the artifact's seed 777
        assertEquals("moca-a-h", MocaSetting.trace(new TracePoint("a", 777, Double.NaN, 0.8, 0.8, 0)).name());
        MocaTrace w = MocaSetting.trace(new TracePoint(MocaSetting.window("a", 100, 129), 777, Double.NaN, 0.8, 0.8, 0));
        assertEquals("moca-a-h[100..129]", w.name());
        assertEquals(30, w.size());
        assertEquals(0, w.arrivalCycles(0));
        for (int i = 0; i < 30; i++) {
            assertEquals(whole.arrivalCycles(100 + i) - whole.arrivalCycles(100), w.arrivalCycles(i));
            assertEquals(whole.network(100 + i), w.network(i));
            assertEquals(whole.targetCycles(100 + i), w.targetCycles(i));
        }
        // a window past the end is cut there (250 requests: 240..249), and one of the whole trace keeps its name
        assertEquals("moca-a-h[240..249]", MocaSetting.trace(new TracePoint(MocaSetting.window("a", 240, 289), 777, Double.NaN, 0.8, 0.8, 0)).name());
        assertEquals("moca-a-h", MocaSetting.trace(new TracePoint(MocaSetting.window("a", 0, 249), 777, Double.NaN, 0.8, 0.8, 0)).name());
    }
}

package example;

import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.Outcome;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.trace.Trace;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A schedule worked by hand. Two requests arrive at t = 0: a "long" one (two 5 ms layers, deadline
 * 11 ms) and a "short" one (one 2 ms layer, deadline 5 ms). The kernel asks the scheduler at every
 * layer boundary.
 * <ul>
 *   <li>estimateWeight 0 (EDF): short first (5 &lt; 11 ms), done at 2 ms; long runs 2-12 ms.</li>
 *   <li>estimateWeight 1: at 0 the slacks are 11 - 10 = 1 ms (long) and 5 - 2 = 3 ms (short), so long
 *       runs its first layer to 5 ms; then long has 11 - 5 - 5 = 1 ms and short 5 - 5 - 2 = -2 ms, so
 *       short runs 5-7 ms and long finishes 7-12 ms.</li>
 * </ul>
 */
class LeastSlackTest {
    static final double MS = 1e-3;

    static Outcome run(double estimateWeight) {
        LatencyDirectory directory = new LatencyDirectory(List.of(
                new LatencyTable("long", LatencyTable.Layout.EYERISS_V2, 1, 2, new double[] {5 * MS, 5 * MS}, new double[] {0.5, 0.5}),
                new LatencyTable("short", LatencyTable.Layout.EYERISS_V2, 1, 1, new double[] {2 * MS}, new double[] {0.5})));
        Trace trace = new Trace(new double[] {0, 0}, new int[] {0, 1}, new int[] {0, 0}, new double[] {1, 1},
                new double[] {11 * MS, 5 * MS});
        CompiledTrace compiled = new CompiledTrace(new CompiledWorkload(directory), trace);
        return new TimeMultiplexedKernel().run(compiled, new LeastSlack().create(new double[] {estimateWeight}));
    }

    @Test
    void withoutTheEstimateItIsEarliestDeadlineFirst() {
        Outcome o = run(0);
        assertEquals(12 * MS, o.finishSeconds(0), 1e-12);
        assertEquals(2 * MS, o.finishSeconds(1), 1e-12);
    }

    @Test
    void countingTheRemainingWorkRunsTheLongRequestFirstThenPreemptsItForTheLateOne() {
        Outcome o = run(1);
        assertEquals(12 * MS, o.finishSeconds(0), 1e-12);
        assertEquals(7 * MS, o.finishSeconds(1), 1e-12);
    }
}

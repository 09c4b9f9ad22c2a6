package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.policy.Policy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.cotenant.simulator.kernel.Fixtures.dense;
import static dev.cotenant.simulator.kernel.Fixtures.run;
import static dev.cotenant.simulator.kernel.Fixtures.table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every scheduler on traces of 2-3 requests worked out by hand; the comments carry the arithmetic.
 * Orders list the request that ran each layer.
 */
class SchedulerTraceTest {
    private static final double EPS = 1e-12;

    // "big": layers 2 s + 2 s; "small": one 1 s layer.
    private static final LatencyDirectory BIG_SMALL = new LatencyDirectory(List.of(dense("big", 2, 2), dense("small", 1)));

    private static CompiledTrace bigThenTwoSmall() {
        return new Fixtures.TraceBuilder(BIG_SMALL)
                .add("big", 0, 0.0, 1, 100)
                .add("small", 0, 0.5, 1, 100)
                .add("small", 0, 0.5, 1, 100)
                .compile();
    }

    @Test
    void fcfsRunsInArrivalOrder() {
        // t=0 r0 alone -> 2; r1, r2 admitted; FCFS keeps r0 -> 4, then r1 -> 5, r2 -> 6.
        Fixtures.Run run = run(bigThenTwoSmall(), "fcfs");
        assertEquals("0 0 1 2", run.order());
        assertArrayEquals(new double[] {4, 5, 6}, run.finishSeconds(), EPS);
    }

    @Test
    void sjfPreemptsAtLayerBoundaryAndBreaksTiesByAdmission() {
        // At t=2: estRemaining r0 = 2, r1 = r2 = 1; the tie goes to r1 (admitted first).
        Fixtures.Run run = run(bigThenTwoSmall(), "sjf");
        assertEquals("0 1 2 0", run.order());
        assertArrayEquals(new double[] {6, 3, 4}, run.finishSeconds(), EPS);
    }

    @Test
    void artifactClockStepsBackToAnArrivalDuringTheLastLayer() {
        // One 2 s layer each, r0 at 0, r1 at 1. Physical: r1 waits until 2, finishes 4.
        // Artifact: r0 finishes at 2, the queue is empty, t jumps back to r1's arrival 1, r1 finishes 3.
        LatencyDirectory dir = new LatencyDirectory(List.of(dense("one", 2)));
        CompiledTrace trace = new Fixtures.TraceBuilder(dir).add("one", 0, 0, 1, 10).add("one", 0, 1, 1, 10).compile();
        assertArrayEquals(new double[] {2, 4}, run(trace, "fcfs").finishSeconds(), EPS);
        Fixtures.Run artifact = run(trace, Policy.published("fcfs"), KernelOptions.PUBLISHED.withArtifactClock(true));
        assertArrayEquals(new double[] {2, 3}, artifact.finishSeconds(), EPS);
        assertEquals(1.0, artifact.outcome().admittedSeconds(1), EPS);
    }

    @Test
    void artifactClockAdmitsOnlyStrictlyEarlierArrivals() {
        // r0 (2 layers of 1 s) at 0; r1 (one 0.5 s layer) arrives exactly at 1, when r0's first layer ends.
        // Physical clock admits r1 at t=1 (arrival <= t) and SJF runs it: order 0 1 0.
        // Artifact clock admits only arrivals < t, so r0 runs on: order 0 0 1.
        LatencyDirectory dir = new LatencyDirectory(List.of(dense("two", 1, 1), dense("half", 0.5)));
        CompiledTrace trace = new Fixtures.TraceBuilder(dir).add("two", 0, 0, 1, 10).add("half", 0, 1, 1, 10).compile();
        assertEquals("0 1 0", run(trace, "sjf").order());
        assertEquals("0 0 1", run(trace, Policy.published("sjf"), KernelOptions.PUBLISHED.withArtifactClock(true)).order());
    }

    // "p_x": 2 samples x 3 layers. Sample 0: 1 s layers, sparsity 0.5; sample 1: 3 s layers, sparsity 0.
    // avgLat = 2 per layer, avgSp = 0.25 (mean density 0.75): sample 1's ratio is 1 / 0.75 = 4/3.
    // "q": one dense sample of four 1 s layers (ratio 1).
    private static final LatencyDirectory SPARSE = new LatencyDirectory(List.of(
            table("p_x", new double[][] {{1, 1, 1}, {3, 3, 3}}, new double[][] {{0.5, 0.5, 0.5}, {0, 0, 0}}),
            dense("q", 1, 1, 1, 1)));

    /** r0 = the slow sample of p_x at 0; r1 = q at 0.5; both with a 100 s target. */
    private static CompiledTrace slowSparseThenDense() {
        return new Fixtures.TraceBuilder(SPARSE).add("p_x", 1, 0, 1, 100).add("q", 0, 0.5, 1, 100).compile();
    }

    @Test
    void sjfSparseLetsTheMonitorOverturnAStaticTie() {
        // After r0's first layer (t=3): static estimates tie at 4 and 4 -> sjf keeps r0.
        // sjf-sparse: gamma(r0) = 4/3, 4/3 * 4 = 5.33 > 4 -> r1 runs to completion at 7.
        assertEquals("0 0 0 1 1 1 1", run(slowSparseThenDense(), "sjf").order());
        Fixtures.Run sparse = run(slowSparseThenDense(), "sjf-sparse");
        assertEquals("0 1 1 1 1 0 0", sparse.order());
        assertArrayEquals(new double[] {13, 7}, sparse.finishSeconds(), EPS);
    }

    @Test
    void dystaVariantsDifferOnlyInTheirRemainingEstimate() {
        // At t=3, n=2. r0: slack 97, idle 0, estIsolated 6; r1: slack 97.5, idle 2.5, estIsolated 4.
        // dysta:  r0 5.333 + 0.01*(97-5.333) = 6.25;   r1 4 + 0.01*(93.5 + (2.5/4)/2) = 4.938 -> r1.
        // naive:  r0 4 + 0.01*93 = 4.93;               r1 4.938                         -> r0 (then r0 again: 2.92 < 4.95).
        // oracle: r0 6 + 0.01*91 = 6.91;               r1 4.938                         -> r1.
        assertEquals("0 1 1 1 1 0 0", run(slowSparseThenDense(), "dysta").order());
        assertEquals("0 0 0 1 1 1 1", run(slowSparseThenDense(), "dysta-naive").order());
        assertEquals("0 1 1 1 1 0 0", run(slowSparseThenDense(), "dysta-oracle").order());
    }

    @Test
    void dystaBetaTradesSlackAgainstRemainingLatency() {
        // beta = 10 at t=3: r0 5.333 + 10*91.667 = 922.0; r1 4 + 10*93.8125 = 942.1 -> r0 keeps the accelerator.
        Policy heavyBeta = Policy.withOverrides("dysta", Map.of("beta", 10.0));
        assertEquals("0 0", run(slowSparseThenDense(), heavyBeta, KernelOptions.PUBLISHED).order().substring(0, 3));
    }

    // "two": layers 2 s + 2 s; "one": a single 1 s layer.
    private static final LatencyDirectory PREMA_DIR = new LatencyDirectory(List.of(dense("two", 2, 2), dense("one", 1)));

    /** r0 = "two" at priority 9 at 0; r1, r2 = "one" at priority 1 arriving at 1. */
    private static CompiledTrace urgentLongJob() {
        return new Fixtures.TraceBuilder(PREMA_DIR).add("two", 0, 0, 9, 100)
                .add("one", 0, 1, 1, 100).add("one", 0, 1, 1, 100).compile();
    }

    @Test
    void premaThresholdKeepsTheHighPriorityJobAgainstShorterOnes() {
        // t=0: r0 token 9. t=2: r0 held token 9 (+9*0/4); r1, r2 get 1. m=9 -> threshold 9 -> only r0.
        // t=4: r1 1 + 1*(4-1)/1 = 4, r2 the same; m=4 -> threshold 3 -> both, tie -> r1, then r2.
        Fixtures.Run run = run(urgentLongJob(), "prema");
        assertEquals("0 0 1 2", run.order());
        assertArrayEquals(new double[] {4, 5, 6}, run.finishSeconds(), EPS);
        // SJF, for contrast, runs the two short jobs first at t=2.
        assertEquals("0 1 2 0", run(urgentLongJob(), "sjf").order());
    }

    @Test
    void premaThresholdsAreTunable() {
        // mid 10, high 20: at t=2 m=9 -> threshold 1 -> SJF picks r1 (1 s) -> t=3.
        // t=3: r0 9 + 9*(3-2)/4 = 11.25 >= 10 -> threshold 10 -> only r0 -> t=5. Then r2 at 6.
        Policy raised = Policy.withOverrides("prema", Map.of("threshold_mid", 10.0, "threshold_high", 20.0));
        Fixtures.Run run = run(urgentLongJob(), raised, KernelOptions.PUBLISHED);
        assertEquals("0 1 0 2", run.order());
        assertArrayEquals(new double[] {5, 3, 6}, run.finishSeconds(), EPS);
    }

    private static final LatencyDirectory UNIT = new LatencyDirectory(List.of(dense("u", 1), dense("v", 1, 1)));

    @Test
    void planariaPicksLargestPriorityOverSlack() {
        // t=0: priority/slack r0 1/10, r1 3/10, r2 1/2 -> r2; t=1: r0 1/9, r1 3/9 -> r1; then r0.
        CompiledTrace trace = new Fixtures.TraceBuilder(UNIT).add("u", 0, 0, 1, 10).add("u", 0, 0, 3, 10)
                .add("u", 0, 0, 1, 2).compile();
        assertArrayEquals(new double[] {3, 2, 1}, run(trace, "planaria").finishSeconds(), EPS);
    }

    @Test
    void planariaRunsTheMostRecentlyAdmittedWhenAllAreLate() {
        // t=0: all slack 0.5 -> tie -> r0. t=1: r1, r2 have slack -0.5 -> none eligible -> the last admitted, r2.
        CompiledTrace trace = new Fixtures.TraceBuilder(UNIT).add("u", 0, 0, 1, 0.5).add("u", 0, 0, 1, 0.5)
                .add("u", 0, 0, 1, 0.5).compile();
        assertEquals("0 2 1", run(trace, "planaria").order());
    }

    private static CompiledTrace fairnessTrace() {
        // r0, r1: "v" (two 1 s layers) at 0; r2: "u" (one 1 s layer) at 1; all with a 100 s target.
        return new Fixtures.TraceBuilder(UNIT).add("v", 0, 0, 1, 100).add("v", 0, 0, 1, 100)
                .add("u", 0, 1, 1, 100).compile();
    }

    @Test
    void sdrm3WeighsUrgencyAndWaiting() {
        // t=0: scores 2/100 tie -> r0. t=1: r0 1/99; r1 2/99 + 1*1/1; r2 1/99 -> r1.
        // t=2: r0 1/98 + 1; r1 1/98; r2 1/98 + 1 -> tie r0/r2 -> r0 (finishes 3).
        // t=3: r1 1/97 + 1; r2 1/97 + 2 -> r2 (4); then r1 (5).
        Fixtures.Run run = run(fairnessTrace(), "sdrm3");
        assertEquals("0 1 0 2 1", run.order());
        assertArrayEquals(new double[] {3, 5, 4}, run.finishSeconds(), EPS);
    }

    @Test
    void sdrm3AlphaScalesTheWaitingTerm() {
        // r0 = "v" with a 10 s target, r1 = "u" with 100 s, both at 0. t=0: r0 2/10 > r1 1/100 -> r0.
        // t=1: r0 u = 1/9 = 0.111, f = 0; r1 u = 1/99, f = 1/1.
        // alpha = 1: r1 1.0101 wins (order 0 1 0); alpha = 0.001: r1 0.0111 < 0.111 -> r0 finishes first (0 0 1).
        CompiledTrace trace = new Fixtures.TraceBuilder(UNIT).add("v", 0, 0, 1, 10).add("u", 0, 0, 1, 100).compile();
        assertEquals("0 1 0", run(trace, "sdrm3").order());
        Fixtures.Run patient = run(trace, Policy.withOverrides("sdrm3", Map.of("alpha", 0.001)), KernelOptions.PUBLISHED);
        assertEquals("0 0 1", patient.order());
        assertArrayEquals(new double[] {2, 3}, patient.finishSeconds(), EPS);
    }

    @Test
    void sdrm3RunsTheMostRecentlyAdmittedWhenNoScoreIsNonNegative() {
        // Three "u" at 0 with target 0.5. t=0: all u = min(1, 1/0.5) = 1 -> r0.
        // t=1: r1, r2: u = 1/(-0.5) = -2, f = 1 -> -1 < 0 -> none -> last admitted r2.
        // t=2: r1: 1/(-1.5) + 2 = 1.33 -> r1.
        CompiledTrace trace = new Fixtures.TraceBuilder(UNIT).add("u", 0, 0, 1, 0.5).add("u", 0, 0, 1, 0.5)
                .add("u", 0, 0, 1, 0.5).compile();
        assertEquals("0 2 1", run(trace, "sdrm3").order());
    }

    @Test
    void sdrm3SparseScalesEstimatesByGamma() {
        // t=3, r0 gamma 4/3: u = 5.333/97 = 0.055, f = 0 ; r1 u = 4/97.5, f = 2.5/1 -> r1.
        // t=4: r0 u = 5.333/96 + 1/(4/3*2) = 0.43; r1 3/96.5 -> r0 (to 7).
        // t=7: r0 u = (4/3*2)/93, f = 0; r1 3/93.5 + 3 -> r1 (8). t=8: r0 0.029 + 0.375; r1 2/92.5 -> r0 (11). r1 12, 13.
        Fixtures.Run run = run(slowSparseThenDense(), "sdrm3-sparse");
        assertEquals("0 1 0 1 0 1 1", run.order());
        assertArrayEquals(new double[] {11, 13}, run.finishSeconds(), EPS);
    }
}

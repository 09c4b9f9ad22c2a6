package dev.cotenant.simulator.kernel;

import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.cotenant.simulator.kernel.Fixtures.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The published rules are points of {@code dysta-family}: same layers, same times, bit for bit. */
class DystaFamilyTest {
    /** A family member from {@code name=value} pairs; categorical values by choice name. */
    static Policy family(String... pairs) {
        ParameterSpace space = Schedulers.space("dysta-family");
        Map<String, Double> overrides = new LinkedHashMap<>();
        for (String pair : pairs) {
            String[] kv = pair.split("=");
            Parameter p = space.get(space.indexOf("dysta-family", kv[0]));
            overrides.put(kv[0], p.parse(kv[1]));
        }
        return Policy.withOverrides("dysta-family", overrides);
    }

    static final Map<String, Policy> POINTS = new LinkedHashMap<>();

    static {
        POINTS.put("dysta", family());
        POINTS.put("dysta-naive", family("estimate=architecture", "staticShare=1"));
        POINTS.put("dysta-static", family("staticShare=1"));
        POINTS.put("dysta-dynamic", family("estimate=architecture"));
        POINTS.put("sjf", family("estimate=architecture", "staticShare=1", "slackTerm=none", "waitWeight=0"));
        POINTS.put("sjf-sparse", family("slackTerm=none", "waitWeight=0"));
        POINTS.put("planaria", family("estimate=none", "beta=1", "slackTerm=slack", "waitWeight=0", "priorityExponent=1",
                "late=drop-to-last"));
    }

    /** Every layer as (request, layer, start bits, end bits), then the finish times' bits: the whole schedule. */
    static String schedule(CompiledTrace trace, Policy policy, KernelOptions options) {
        StringBuilder b = new StringBuilder();
        Outcome outcome = new Outcome();
        new TimeMultiplexedKernel(options).run(trace, policy.newScheduler(), outcome, (request, layer, start, end) ->
                b.append(request).append(':').append(layer).append('@').append(Double.doubleToLongBits(start))
                        .append('-').append(Double.doubleToLongBits(end)).append('\n'));
        for (int r = 0; r < trace.size(); r++) b.append(Double.doubleToLongBits(outcome.finishSeconds(r))).append(' ');
        return b.toString();
    }

    @Test
    void publishedRulesArePointsOfTheFamilyOnSeededTracesWithBothClocks() {
        LatencyDirectory dir = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        CompiledWorkload workload = new CompiledWorkload(dir);
        int compared = 0;
        for (long seed : new long[] {3, 17, 2024}) {
            // rate 9/s with SLO multiplier 3 queues deeply and leaves many requests late, so planaria's
            // all-late fallback and Dysta's hinge at zero are both exercised
            for (double slo : new double[] {3, 10}) {
                CompiledTrace trace = new CompiledTrace(workload, PoissonTraceGenerator.generate(dir, 150, 9, slo, seed));
                for (boolean artifactClock : new boolean[] {false, true}) {
                    KernelOptions options = KernelOptions.PUBLISHED.withArtifactClock(artifactClock);
                    for (Map.Entry<String, Policy> e : POINTS.entrySet()) {
                        String expected = schedule(trace, Policy.published(e.getKey()), options);
                        assertEquals(expected, schedule(trace, e.getValue(), options),
                                e.getKey() + " seed " + seed + " slo " + slo + " artifact clock " + artifactClock);
                        compared++;
                    }
                }
            }
        }
        assertEquals(3 * 2 * 2 * POINTS.size(), compared);
        // The points are distinct rules: on the deepest queue the schedules differ pairwise.
        CompiledTrace trace = new CompiledTrace(workload, PoissonTraceGenerator.generate(dir, 150, 9, 3, 3));
        assertNotEquals(schedule(trace, POINTS.get("dysta"), KernelOptions.PUBLISHED), schedule(trace, POINTS.get("sjf"), KernelOptions.PUBLISHED));
        assertNotEquals(schedule(trace, POINTS.get("dysta"), KernelOptions.PUBLISHED), schedule(trace, POINTS.get("planaria"), KernelOptions.PUBLISHED));
    }

    @Test
    void theDefaultVectorIsDystaAndIsKeptOutOfAll() {
        assertEquals("dysta-family", Policy.published("dysta-family").label());
        assertFalse(Schedulers.names().contains("dysta-family"));
        assertTrue(Schedulers.familyNames().contains("dysta-family"));
        assertEquals("dysta-family(estimate=none,staticShare=0.0,remainingExponent=1.0,beta=1.0,slackTerm=slack,slackExponent=1.0,"
                + "waitWeight=0.0,waitExponent=1.0,priorityExponent=1.0,late=drop-to-last,hysteresis=0.0)", POINTS.get("planaria").label());
    }

    /**
     * Earliest deadline first by hand. A (three 1 s layers, deadline 10) arrives at 0; B and C (one
     * 1 s layer each) at 0.5 with deadlines 2.0 and 1.8. At t = 1 EDF runs C (1.8), then B (2.0),
     * then A's last two layers; SJF runs B before C (equal remaining, B admitted first).
     */
    @Test
    void earliestDeadlineFirstIsAPoint() {
        LatencyDirectory dir = new LatencyDirectory(List.of(dense("a", 1, 1, 1), dense("b", 1), dense("c", 1)));
        CompiledTrace trace = new Fixtures.TraceBuilder(dir).add("a", 0, 0, 1, 10).add("b", 0, 0.5, 1, 1.5).add("c", 0, 0.5, 1, 1.3).compile();
        Policy edf = family("estimate=none", "beta=1", "slackTerm=slack", "waitWeight=0");
        assertEquals("0 2 1 0 0", Fixtures.run(trace, edf, KernelOptions.PUBLISHED).order());
        assertEquals("0 1 2 0 0", Fixtures.run(trace, POINTS.get("sjf"), KernelOptions.PUBLISHED).order());
    }

    /**
     * Hysteresis by hand. A (layers 1 s, 1.5 s) arrives at 0, B (one 1.2 s layer) at 0.5. At t = 1
     * SJF compares A's 1.5 s remaining with B's 1.2 s and switches; with hysteresis 0.5 it switches
     * only if B's cost is below 1.5 - 0.75 = 0.75, so A finishes first: one switch instead of two.
     */
    @Test
    void hysteresisKeepsTheRunningRequestUnlessTheGapIsLarge() {
        LatencyDirectory dir = new LatencyDirectory(List.of(dense("a", 1, 1.5), dense("b", 1.2)));
        CompiledTrace trace = new Fixtures.TraceBuilder(dir).add("a", 0, 0, 1, 10).add("b", 0, 0.5, 1, 10).compile();
        Fixtures.Run plain = Fixtures.run(trace, POINTS.get("sjf"), KernelOptions.PUBLISHED);
        assertEquals("0 1 0", plain.order());
        assertEquals(2, plain.outcome().switches);
        Policy sticky = family("estimate=architecture", "staticShare=1", "slackTerm=none", "waitWeight=0", "hysteresis=0.5");
        Fixtures.Run held = Fixtures.run(trace, sticky, KernelOptions.PUBLISHED);
        assertEquals("0 0 1", held.order());
        assertEquals(1, held.outcome().switches);
        // hysteresis 0.19 switches below 1.5 - 0.285 = 1.215, which B's 1.2 is
        Policy justBelow = family("estimate=architecture", "staticShare=1", "slackTerm=none", "waitWeight=0", "hysteresis=0.19");
        assertEquals("0 1 0", Fixtures.run(trace, justBelow, KernelOptions.PUBLISHED).order());
    }

    /**
     * Any vector of the family gives a valid schedule (every layer once, in order, never before its
     * arrival; busy time = work + switches x switch cost), and a reused scheduler instance gives the
     * same schedule again (its hysteresis memory is reset per run): 60 random vectors, random workloads.
     */
    @Test
    void everyMemberGivesAValidRepeatableSchedule() {
        ParameterSpace space = Schedulers.space("dysta-family");
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        KernelOptions options = KernelOptions.PUBLISHED.withSwitchCost(0.0005);
        for (int k = 0; k < 60; k++) {
            double[] v = new double[space.size()];
            for (int i = 0; i < v.length; i++) {
                Parameter p = space.get(i);
                v[i] = p.isCategorical() ? random.nextInt(p.categories().size()) : p.lower() + random.nextDouble() * (p.upper() - p.lower());
            }
            CompiledTrace trace = KernelInvariantsTest.randomTrace(k, 200);
            Scheduler scheduler = Policy.of("dysta-family", v).newScheduler();
            int[] next = new int[trace.size()];
            Outcome outcome = new Outcome();
            TimeMultiplexedKernel kernel = new TimeMultiplexedKernel(options);
            kernel.run(trace, scheduler, outcome, (request, layer, start, end) -> {
                assertEquals(next[request]++, layer);
                assertTrue(start >= trace.arrivalSeconds(request));
            });
            for (int r = 0; r < trace.size(); r++) assertEquals(trace.layerCount(r), next[r]);
            assertEquals(trace.totalWorkSeconds() + outcome.switches() * 0.0005, outcome.busySeconds(), 1e-9);
            Outcome again = new Outcome();
            kernel.run(trace, scheduler, again, null);
            for (int r = 0; r < trace.size(); r++) assertEquals(outcome.finishSeconds(r), again.finishSeconds(r), 0, "vector " + k);
        }
    }

    @Test
    void categoricalParametersTakeWholeIndicesAndNames() {
        Parameter late = Schedulers.space("dysta-family").get(9);
        assertTrue(late.isCategorical());
        assertEquals(2.0, late.parse("drop-to-last"));
        assertEquals("demote", late.format(1));
        assertFalse(late.contains(0.5));
        assertFalse(late.contains(3));
    }
}

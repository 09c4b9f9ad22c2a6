package dev.cotenant.experiments.compare;

import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.experiments.spec.SpecReader;
import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.search.optimal.certify.CpSat;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.policy.Policy;
import dev.cotenant.simulator.policy.Schedulers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gap table on tiny seeded traces: its invariants, a closed form, and a tuner's best.json row. */
class GapComparisonTest {
    private static final double TOLERANCE = 1e-9;
    @TempDir Path dir;

    /** Two models of 3 and 2 layers, 2 samples each (isolated latencies 0.06 / 0.09 s and 0.10 / 0.10 s). */
    static CompareWorkload tiny() {
        LatencyDirectory directory = new LatencyDirectory(List.of(
                new LatencyTable("alpha", LatencyTable.Layout.EYERISS_V2, 2, 3,
                        new double[] {0.01, 0.02, 0.03, 0.02, 0.03, 0.04}, new double[] {0.5, 0.4, 0.3, 0.2, 0.1, 0.0}),
                new LatencyTable("beta_x", LatencyTable.Layout.EYERISS_V2, 2, 2,
                        new double[] {0.05, 0.05, 0.07, 0.03}, new double[] {0.1, 0.2, 0.3, 0.4})));
        return new CompareWorkload("tiny", directory, new double[] {1, 3, 9}, "test");
    }

    static List<PolicySpec> published() {
        List<PolicySpec> policies = new ArrayList<>();
        for (Policy p : Schedulers.parseList("all")) policies.add(new PolicySpec(p.label(), p, "published"));
        return policies;
    }

    /** Reproducible whatever the machine: local search stops on a count of scored moves, not on time. */
    static OfflineOptimizer.Settings optimizer() {
        return OfflineOptimizer.Settings.defaults(Duration.ofSeconds(30)).withScoreCalculationsPerRequest(200);
    }

    /** With CP-SAT certification, a small deterministic limit: the test checks the reporting, not the proofs. */
    static OfflineOptimizer.Settings certified() {
        return optimizer().withCertify(CpSat.DEFAULT.withDeterministicSeconds(0.5));
    }

    @Test
    void requestsThatNeverMeetRunAloneSoEveryPolicyIsOptimalAndMeetsTheBound() {
        // 20 requests at 0.01/s (a mean gap of 100 s) on work of at most 0.1 s: on these seeds no two requests overlap,
        // so every schedule finishes each request after exactly its isolated latency: ANTT 1 for every policy, the
        // optimum and the relaxation bound (C_j - r_j = p_j), and no deadline (3x the model's mean latency) is missed.
        GapComparison.Settings settings = new GapComparison.Settings(List.of(tiny()), GapComparison.LoadAxis.ARRIVAL_RATE_PER_S,
                List.of(0.01), List.of(3.0), List.of(1L, 2L), 20, published(), optimizer());
        List<GapComparison.Row> rows = GapComparison.run(settings, null);
        assertEquals(Schedulers.names().size(), rows.size());
        for (GapComparison.Row r : rows) {
            assertEquals(1.0, r.antt(), TOLERANCE, r.policy());
            assertEquals(1.0, r.optimalAntt(), TOLERANCE);
            assertEquals(1.0, r.boundAntt(), TOLERANCE);
            assertEquals(0.0, r.weightedMissed(), 0);
            assertEquals(0.0, r.missedGapToOptimal(), 0);
            assertEquals(0.0, r.anttGapToBound(), TOLERANCE);
            assertEquals(1.0, r.optimalProvenShare(), 0, "every busy period is a single request");
        }
    }

    @Test
    void underContentionNoHeuristicBeatsTheOptimumAndNothingBeatsTheBound() throws IOException {
        // Rate 15/s on ~0.08 s of work per request: offered load about 1.2, long busy periods, many missed deadlines at SLO 3.
        Path tuned = dir.resolve("best.json");
        Files.writeString(tuned, "{\"policy\": \"dysta\", \"parameters\": {\"beta\": 0.001}, \"objective\": \"violation_rate\"}");
        Path publishedCopy = dir.resolve("published.json");
        Files.writeString(publishedCopy, "{\"policy\": \"dysta\", \"parameters\": {\"beta\": 0.01}}");
        List<PolicySpec> policies = published();
        Policy tunedPolicy = SpecReader.bestJson(tuned);
        policies.add(new PolicySpec(tunedPolicy.label(), tunedPolicy, "best.json:" + tuned));
        policies.add(new PolicySpec("dysta-from-json", SpecReader.bestJson(publishedCopy), "best.json:" + publishedCopy));
        GapComparison.Settings settings = new GapComparison.Settings(List.of(tiny()), GapComparison.LoadAxis.ARRIVAL_RATE_PER_S,
                List.of(10.0, 15.0), List.of(3.0), List.of(1L, 2L, 3L), 40, policies, certified());
        List<String> progress = new ArrayList<>();
        List<GapComparison.Row> rows = GapComparison.run(settings, step -> progress.add(step.done() + "/" + step.total()));
        assertEquals(List.of("1/6", "2/6", "3/6", "4/6", "5/6", "6/6"), progress);
        assertEquals(2 * policies.size(), rows.size());
        boolean someMissedGap = false;
        double certifiedShare = 0;
        for (GapComparison.Row r : rows) {
            // optimum >= fixed-order family bound >= relaxation bound, in each component
            assertTrue(r.optimalWeightedMissed() >= r.familyBoundWeightedMissed() - TOLERANCE, r.toString());
            assertTrue(r.familyBoundWeightedMissed() >= r.boundWeightedMissed() - TOLERANCE, r.toString());
            assertTrue(r.optimalAntt() >= r.familyBoundAntt() - TOLERANCE, r.toString());
            assertTrue(r.familyBoundAntt() >= r.boundAntt() - TOLERANCE, r.toString());
            // the certified bound lies between the optimum and the relaxation bound, and no policy, tuned or
            // not, misses less: it holds for every schedule the kernel runs
            assertTrue(r.optimalWeightedMissed() >= r.certifiedBoundWeightedMissed() - TOLERANCE, r.toString());
            assertTrue(r.certifiedBoundWeightedMissed() >= r.boundWeightedMissed() - TOLERANCE, r.toString());
            assertTrue(r.missedGapToCertified() >= -TOLERANCE, r.toString());
            certifiedShare += r.missesProvenShare();
            // the relaxation bound holds for every schedule, tuned or not
            assertTrue(r.missedGapToBound() >= -TOLERANCE && r.anttGapToBound() >= -TOLERANCE, r.toString());
            if (r.origin().equals("published")) {
                // lexicographic: no heuristic misses less than the optimum, and none beats it on any trace
                assertTrue(r.missedGapToOptimal() >= -TOLERANCE, r.toString());
                assertEquals(0, r.seedsBetterThanOptimal(), r.toString());
            }
            someMissedGap |= r.missedGapToOptimal() > 1;
            assertEquals(3, r.seeds());
        }
        assertTrue(someMissedGap, "the case has contention: some heuristic misses more than the optimum");
        if (Boolean.getBoolean("cotenant.test.verbose")) System.out.printf("compare test: optimum's misses proven on %.0f%% of the traces%n", 100 * certifiedShare / rows.size());

        GapComparison.Row tunedRow = rows.stream().filter(r -> r.policy().equals("dysta(beta=0.001)")).findFirst().orElseThrow();
        assertEquals("best.json:" + tuned, tunedRow.origin());
        // A best.json holding the published vector is the published policy: the same numbers, through the same loop.
        for (double rate : List.of(10.0, 15.0)) {
            GapComparison.Row dysta = find(rows, "dysta", rate);
            GapComparison.Row copy = find(rows, "dysta-from-json", rate);
            assertEquals(dysta.weightedMissed(), copy.weightedMissed(), 0);
            assertEquals(dysta.antt(), copy.antt(), 0);
        }
        List<String> csv = GapComparison.csvLines(rows);
        assertEquals(GapComparison.CSV_HEADER, csv.get(0));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("tiny,") && l.contains(",dysta(beta=0.001),best.json:")), String.join("\n", csv));
        List<GapComparison.Summary> summary = GapComparison.summarize(rows);
        assertEquals(policies.size(), summary.size());
        GapComparison.Summary fcfs = summary.get(0);
        assertEquals((find(rows, "fcfs", 10).missedGapToOptimal() + find(rows, "fcfs", 15).missedGapToOptimal()) / 2,
                fcfs.missedGapToOptimal(), TOLERANCE);
    }

    private static GapComparison.Row find(List<GapComparison.Row> rows, String policy, double rate) {
        return rows.stream().filter(r -> r.policy().equals(policy) && r.cell().ratePerSecond() == rate).findFirst().orElseThrow();
    }

    @Test
    void offeredLoadsBecomeEachWorkloadsOwnRate() {
        CompareWorkload w = tiny();
        // mean isolated latency over the two tables: (0.075 + 0.10) / 2 = 0.0875 s, so load 1 is 1 / 0.0875 requests/s
        assertEquals(1 / 0.0875, w.ratePerSecondAtFullLoad(), 1e-9);
        GapComparison.Settings settings = new GapComparison.Settings(List.of(w), GapComparison.LoadAxis.OFFERED_LOAD,
                List.of(0.5), List.of(5.0), List.of(1L), 10, published().subList(0, 1), optimizer());
        GapComparison.Row row = GapComparison.run(settings, null).get(0);
        assertEquals(0.5, row.cell().offeredLoad(), 0);
        assertEquals(0.5 / 0.0875, row.cell().ratePerSecond(), 1e-9);
    }

    @Test
    void aRunKilledAfterKTracesResumesFromItsCheckpointToTheRowsOfAnUninterruptedRun() throws IOException {
        GapComparison.Settings settings = new GapComparison.Settings(List.of(tiny()), GapComparison.LoadAxis.ARRIVAL_RATE_PER_S,
                List.of(10.0, 15.0), List.of(3.0), List.of(1L, 2L), 40, published(), optimizer());
        List<String> uninterrupted = GapComparison.csvLines(GapComparison.run(settings, null));

        Path folder = dir.resolve(".out.compare-checkpoint");
        StringWriter notices = new StringWriter();
        CompareCheckpoint first = CompareCheckpoint.open(folder, settings, new PrintWriter(notices, true));
        assertEquals(0, first.size());
        RuntimeException killed = assertThrows(RuntimeException.class, () -> GapComparison.run(settings, first, step -> {
            if (step.done() == 3) throw new IllegalStateException("killed after 3 traces");
        }));
        assertEquals("killed after 3 traces", killed.getMessage());
        assertEquals(2 + 3, Files.readAllLines(folder.resolve(CompareCheckpoint.FILE)).size(), "a header of 2 lines, then one line per trace");

        CompareCheckpoint resumed = CompareCheckpoint.open(folder, settings, new PrintWriter(notices, true));
        assertEquals(3, resumed.size());
        List<String> solved = new ArrayList<>();
        List<String> rows = GapComparison.csvLines(GapComparison.run(settings, resumed,
                step -> solved.add(step.done() + "/" + step.total() + " resumed " + step.resumed())));
        assertEquals(List.of("4/4 resumed 3"), solved, "only the trace missing is solved");
        assertEquals(uninterrupted, rows, "reused traces give the numbers they gave, to the last bit");
        assertEquals("", notices.toString());

        // other options: the checkpoint is stale, so it is dropped with a notice and nothing of it is reused
        GapComparison.Settings other = new GapComparison.Settings(List.of(tiny()), GapComparison.LoadAxis.ARRIVAL_RATE_PER_S,
                List.of(10.0, 15.0), List.of(3.0), List.of(1L, 2L), 40, published(), optimizer().withScoreCalculationsPerRequest(100));
        assertTrue(!CompareCheckpoint.fingerprint(settings).equals(CompareCheckpoint.fingerprint(other)));
        CompareCheckpoint stale = CompareCheckpoint.open(folder, other, new PrintWriter(notices, true));
        assertEquals(0, stale.size());
        assertEquals(1, notices.toString().lines().count(), notices.toString());
        assertTrue(notices.toString().startsWith("compare: ignoring the checkpoint of a run with other options"), notices.toString());
        assertFalse(Files.exists(folder.resolve(CompareCheckpoint.FILE)));
        stale.delete();
        assertFalse(Files.exists(folder));
    }

    @Test
    void aCheckpointLineReadsBackToTheSameNumbersAndAForeignFileIsRefused() throws IOException {
        GapComparison.TraceResult t = new GapComparison.TraceResult("w", 0.1 + 0.2, 3, 7, new double[] {1.0 / 3, Double.MIN_VALUE},
                new double[] {0, 1e300}, new double[] {Math.PI, 1 + Math.ulp(1.0)}, new boolean[] {true, false},
                0.7, 12.5, 1.0000000000000002, 3, 2.0 / 3, 1, 0.9999999999999999, false, 4.25, 1, 2.5, 4, 3);
        GapComparison.TraceResult back = GapComparison.TraceResult.parse(t.format(), 2);
        assertEquals(t.format(), back.format());
        assertEquals(t.key(), back.key());
        assertEquals(1.0000000000000002, back.optimalAntt(), 0);
        assertEquals(0.1 + 0.2, back.load(), 0);
        assertThrows(IllegalArgumentException.class, () -> GapComparison.TraceResult.parse(t.format(), 3));

        GapComparison.Settings settings = new GapComparison.Settings(List.of(tiny()), GapComparison.LoadAxis.ARRIVAL_RATE_PER_S,
                List.of(1.0), List.of(5.0), List.of(1L), 10, published(), optimizer());
        Path folder = dir.resolve(".x.compare-checkpoint");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(CompareCheckpoint.FILE), "something else\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> CompareCheckpoint.open(folder, settings, new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("is not a compare checkpoint; delete it to start over"), e.getMessage());
        assertEquals("something else\n", Files.readString(folder.resolve(CompareCheckpoint.FILE)), "refused, not deleted");
    }

    @Test
    void labelsMustBeUniqueAndCsvSafe() {
        List<PolicySpec> twice = new ArrayList<>(published());
        twice.add(new PolicySpec("dysta", Policy.published("dysta"), "best.json:x"));
        BadInputException e = assertThrows(BadInputException.class, () -> new GapComparison.Settings(List.of(tiny()),
                GapComparison.LoadAxis.ARRIVAL_RATE_PER_S, List.of(1.0), List.of(5.0), List.of(1L), 10, twice, optimizer()));
        assertTrue(e.getMessage().startsWith("--policy: label 'dysta' is used twice"), e.getMessage());
        List<PolicySpec> comma = List.of(new PolicySpec("prema(a=1,b=2)", Policy.published("prema"), "best.json:x"));
        e = assertThrows(BadInputException.class, () -> new GapComparison.Settings(List.of(tiny()),
                GapComparison.LoadAxis.ARRIVAL_RATE_PER_S, List.of(1.0), List.of(5.0), List.of(1L), 10, comma, optimizer()));
        assertTrue(e.getMessage().contains("CSV field"), e.getMessage());
    }
}

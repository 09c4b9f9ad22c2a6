package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.spec.OptimumArtefacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MocaOptimalCommandTest {
    @TempDir Path dir;

    /** Two windows of 30 requests of one trace, three policies: 2 x 3 rows; best <= every sub-group policy, bound <= all. */
    @Test
    void windowsWriteOneRowPerPolicyWithTheBestPlanAndTheBound() throws Exception {
        Path out = dir.resolve("opt");
        CliTest.Result r = CliTest.cotenant("moca-optimal", "--scenarios", "moca-c-h", "--requests", "30", "--windows", "0,100",
                "--policies", "moca,static-partition,prema", "--moves", "60", "--threads", "2", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<String> gaps = Files.readAllLines(out.resolve("gaps.csv"));
        assertEquals(OptimumArtefacts.GAPS_HEADER, gaps.get(0));
        assertEquals(1 + 2 * 3, gaps.size());
        List<String> header = List.of(gaps.get(0).split(","));
        for (String line : gaps.subList(1, gaps.size())) {
            String[] f = line.split(",");
            long misses = Long.parseLong(f[header.indexOf("weighted_misses")]);
            long best = Long.parseLong(f[header.indexOf("best_weighted_misses")]);
            long bound = Long.parseLong(f[header.indexOf("bound_weighted_misses")]);
            assertTrue(bound <= best && bound <= misses, line);
            if (!f[header.indexOf("policy")].equals("prema")) assertTrue(best <= misses, line);
            assertEquals("false", f[header.indexOf("stopped_by_time_limit")]);
            // the certificate: its bound is the larger of the two bounds, at most the best plan, and says what is proven
            long planBound = Long.parseLong(f[header.indexOf("plan_bound_weighted_misses")]);
            long certified = Long.parseLong(f[header.indexOf("certified_lower_bound")]);
            assertEquals(Math.max(bound, planBound), certified, line);
            assertEquals(best - certified, Long.parseLong(f[header.indexOf("certified_gap")]), line);
            String proven = f[header.indexOf("misses_proven_optimal")];
            assertEquals(best == bound ? "every schedule" : best == certified ? "plan family" : "no", proven, line);
        }
        assertTrue(gaps.get(1).startsWith("moca-c-h[0..29],30,moca,"), gaps.get(1));
        assertTrue(gaps.get(4).startsWith("moca-c-h[100..129],30,moca,"), gaps.get(4));
        assertEquals(1 + 2 * 30, Files.readAllLines(out.resolve("plans.csv")).size());
        // a move budget, not the clock, ended every search: nothing machine-dependent is recorded
        assertFalse(Files.readString(out.resolve("manifest.json")).contains("optimum_solves_stopped_by_time_limit"));
        // the spine's layout: per window the three policies' rows, the best plan's and the bound's (2 x 5 rows)
        assertEquals(1 + 2 * 5, Files.readAllLines(out.resolve("metrics.csv")).size());

        // a rerun resumes: both points stored, nothing searched again, the same report
        String before = Files.readString(out.resolve("gaps.csv"));
        CliTest.Result again = CliTest.cotenant("moca-optimal", "--scenarios", "moca-c-h", "--requests", "30", "--windows", "0,100",
                "--policies", "moca,static-partition,prema", "--moves", "60", "--threads", "1", "--out", out.toString());
        assertEquals(0, again.status(), again.err());
        assertEquals(before, Files.readString(out.resolve("gaps.csv")));
    }

    @Test
    void scenariosThatAreNotEverySetTimesEveryQosNamedAreRefused() {
        CliTest.Result r = CliTest.cotenant("moca-optimal", "--scenarios", "moca-a-h,moca-b-m", "--out", dir.resolve("x").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--scenarios") && r.err().contains("every combination"), r.err());
    }

    @Test
    void badOptionsExitWith2AndWriteNothing() throws Exception {
        Path out = dir.resolve("bad");
        CliTest.Result a = CliTest.cotenant("moca-optimal", "--scenarios", "moca-a-h", "--windows", "0", "--out", out.toString());
        assertEquals(2, a.status());
        assertTrue(a.err().contains("--windows"), a.err());
        CliTest.Result b = CliTest.cotenant("moca-optimal", "--scenarios", "moca-a-h", "--policies", "prema", "--out", out.toString());
        assertEquals(2, b.status());
        CliTest.Result c = CliTest.cotenant("moca-optimal", "--scenarios", "moca-a-h", "--moves", "0", "--out", out.toString());
        assertEquals(2, c.status());
        CliTest.Result d = CliTest.cotenant("moca-optimal", "--scenarios", "moca-a-h", "--certify-limit", "0", "--out", out.toString());
        assertEquals(2, d.status());
        assertTrue(d.err().contains("--certify-limit"), d.err());
        assertFalse(Files.exists(out));
    }
}

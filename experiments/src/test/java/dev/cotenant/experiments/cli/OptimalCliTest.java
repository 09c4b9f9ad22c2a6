package dev.cotenant.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cotenant.experiments.results.ExperimentStore;
import dev.cotenant.experiments.results.RunTables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cotenant optimal}: files, headers, exit status 2 naming the limit ({@code compare}: CompareCliTest). */
class OptimalCliTest {
    @TempDir Path dir;
    Path latencyDir;

    @BeforeEach
    void writeLatencyDirectory() throws IOException {
        latencyDir = CliTest.writeLatencyDirectory(dir);
    }

    static CliTest.Result cotenant(String... args) { return CliTest.cotenant(args); }

    @Test
    void optimalIsAnExperimentOfOnePointWhoseOptimumKeepsItsScheduleAndSummary() throws IOException {
        Path out = dir.resolve("opt");
        String[] args = {"optimal", "--latency-dir", latencyDir.toString(), "--rate", "20", "--requests", "30",
                "--slo-mult", "3", "--seed", "5", "--time-limit", "2", "--out", out.toString()};
        CliTest.Result r = cotenant(args);
        assertEquals(0, r.status(), r.err());
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(ExperimentStore.header(), metrics.get(0));
        // the optimum's row, then its family, any-schedule and certified bound rows (certification is on by default)
        assertEquals(5, metrics.size());
        assertTrue(metrics.get(1).contains(",optimal,30,"), metrics.get(1));
        assertTrue(metrics.get(4).contains(",optimal-lower-bound-certified,30,"), metrics.get(4));
        Path files = out.resolve("artefacts/optimal/point-0");
        List<String> requests = Files.readAllLines(files.resolve("requests.csv"));
        assertEquals(RunTables.REQUESTS_HEADER, requests.get(0));
        assertEquals(31, requests.size());
        List<String> schedule = Files.readAllLines(files.resolve("schedule.csv"));
        assertEquals("request,layer,start_s,finish_s", schedule.get(0));
        // 30 requests of 2 or 3 layers: between 60 and 90 layer rows
        assertTrue(schedule.size() - 1 >= 60 && schedule.size() - 1 <= 90, "rows " + (schedule.size() - 1));
        JsonNode summary = new ObjectMapper().readTree(files.resolve("summary.json").toFile());
        double found = summary.get("optimal").get("weighted_missed_deadlines").asDouble();
        double heuristic = summary.get("best_online_heuristic").get("cost").get("weighted_missed_deadlines").asDouble();
        assertTrue(found <= heuristic, found + " <= " + heuristic);
        assertTrue(summary.has("proven_optimal_within_family"));
        // Certified (the default): no kernel schedule beats the certified bound, and the window bound is below it.
        double certified = summary.get("certified_lower_bound").get("weighted_missed_deadlines").asDouble();
        double relaxation = summary.get("relaxation_lower_bound").get("weighted_missed_deadlines").asDouble();
        assertTrue(relaxation <= certified && certified <= found, relaxation + " <= " + certified + " <= " + found);
        assertEquals(summary.get("misses_proven_optimal").asBoolean(), certified == found);
        List<String> periods = Files.readAllLines(files.resolve("busy_periods.csv"));
        assertTrue(periods.get(0).startsWith("part,first_request,requests,method,"), periods.get(0));
        assertEquals(summary.get("busy_periods").get("count").asInt() + 1, periods.size());
        assertTrue(r.out().contains(certified == found ? "proven optimal over every kernel schedule" : "bracketed ["), r.out());
        // Progress on stderr, one line per busy period at most every 3 s; the last period always gets its line, with every request done.
        int parts = summary.get("busy_periods").get("count").asInt();
        assertTrue(r.err().contains("optimal: busy period " + parts + "/" + parts + " ("), r.err());
        assertTrue(r.err().contains("30/30 requests done"), r.err());
        assertFalse(r.err().contains(" points"), "no points bar for a one-point run: " + r.err());

        // A rerun of the same command solves nothing again: it reports the stored point (same summary bytes).
        String before = Files.readString(files.resolve("summary.json"));
        CliTest.Result again = cotenant(args);
        assertEquals(0, again.status(), again.err());
        assertEquals(before, Files.readString(files.resolve("summary.json")));
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"points_done\" : 1"));
        assertFalse(again.err().contains("busy period"), "nothing solved, nothing reported: " + again.err());
    }

    @Test
    void noProgressKeepsStderrQuiet() {
        Path out = dir.resolve("quiet");
        CliTest.Result r = cotenant("optimal", "--latency-dir", latencyDir.toString(), "--rate", "20", "--requests", "10",
                "--seed", "5", "--time-limit", "1", "--no-certify", "--no-progress", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        // without --no-progress the last busy period's line would be here (previous test)
        assertEquals("", r.err());
    }

    @Test
    void badInputExitsWithStatus2NamingTheLimitAndWritesNothing() throws IOException {
        Path out = dir.resolve("bad");
        CliTest.Result r = cotenant("optimal", "--latency-dir", latencyDir.toString(), "--requests", "10", "--time-limit", "0", "--out", out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--time-limit") && r.err().contains("> 0"), r.err());

        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "arrival_s,model,sample,priority,target_latency_s\n");
        r = cotenant("optimal", "--latency-dir", latencyDir.toString(), "--trace", empty.toString(), "--time-limit", "1", "--out", out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("empty"), r.err());

        // 40 requests at 200/s on ~50 ms of work each: one long busy period, far above 3
        r = cotenant("optimal", "--latency-dir", latencyDir.toString(), "--rate", "200", "--requests", "40", "--seed", "1",
                "--time-limit", "1", "--exact", "--exact-max", "3", "--out", out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--exact") && r.err().contains("limit of 3"), r.err());
        assertFalse(Files.exists(out));
    }
}

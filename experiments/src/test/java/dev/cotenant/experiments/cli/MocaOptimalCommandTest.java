package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.MocaResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.cotenant.experiments.cli.CliTest.cotenant;
import static org.junit.jupiter.api.Assertions.*;

/** {@code cotenant moca-optimal}: the files, the labels, and one-line exit-2 errors. Tiny traces keep it fast. */
class MocaOptimalCommandTest {
    @TempDir Path dir;

    @Test
    void anExhaustiveRunIsLabelledOptimalInFamilyAndWritesMocasLayoutPlusTheSchedule() throws IOException {
        Path out = dir.resolve("opt");
        // 3 requests, tiles {2, 8}, throttles {1, 0.25}: 3! x 2^3 x 2^3 x 2 = 768 plans, under the automatic enumeration limit.
        CliTest.Result r = cotenant("moca-optimal", "--out", out.toString(), "--sets", "heavy", "--qos", "tight", "--seeds", "2", "--requests", "3",
                "--load", "2.5", "--tile-choices", "2,8", "--time-limit", "1");
        assertEquals(0, r.status(), r.err());
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertTrue(metrics.get(0).startsWith(MocaResults.METRICS_HEADER_START), metrics.get(0));
        assertEquals(1 + 2 * 7, metrics.size(), "per seed: six online policies and the plan");
        assertTrue(metrics.stream().filter(l -> l.contains(",planned,")).count() == 2);
        List<String> schedule = Files.readAllLines(out.resolve("schedule.csv"));
        assertEquals(MocaOptimalCommand.SCHEDULE_HEADER, schedule.get(0));
        assertEquals(1 + 2 * 3, schedule.size());
        for (String line : schedule.subList(1, schedule.size())) {
            String[] f = line.split(",");
            assertEquals("optimal-in-family", f[3]);
            assertTrue(f[10].equals("2") || f[10].equals("8"), line);
            assertTrue(Double.parseDouble(f[15]) > Double.parseDouble(f[14]), "finish after start: " + line);
        }
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"label\" : \"optimal-in-family\""), summary);
        assertTrue(summary.contains("\"instances_worse_than_best_online\" : 0"), summary);
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"experiment\" : \"moca-optimal\""));
        assertTrue(Files.readAllLines(out.resolve("ratios.csv")).get(1).contains(",planned,"));
        assertTrue(r.err().contains("optimal-in-family by exhaustive"), r.err());
    }

    @Test
    void aSearchedRunIsLabelledBestFound() throws IOException {
        Path out = dir.resolve("found");
        CliTest.Result r = cotenant("moca-optimal", "--out", out.toString(), "--requests", "5", "--load", "2.5", "--time-limit", "0.5");
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"label\" : \"best-found\""));
        assertTrue(r.err().contains("best-found by genetic"), r.err());
    }

    @Test
    void badInputExitsTwoWithOneLineAndWritesNothing() {
        String[][] cases = {{"--time-limit", "0"}, {"--time-limit", "-1", "--requests", "3"}, {"--sets", ""}, {"--requests", "0"},
                {"--requests", "9", "--exact"}, {"--tile-choices", "16"}, {"--throttle-levels", "2"}, {"--objective", "fast"}, {"--policies", "fifo"}};
        String[] expected = {"--time-limit", "--time-limit", "sets", "requests", "--exact", "--tile-choices", "--throttle-levels", "--objective", "policy"};
        for (int i = 0; i < cases.length; i++) {
            Path out = dir.resolve("bad" + i);
            boolean hasLimit = List.of(cases[i]).contains("--time-limit");
            String[] base = hasLimit ? new String[] {"moca-optimal", "--out", out.toString()} : new String[] {"moca-optimal", "--out", out.toString(), "--time-limit", "1"};
            String[] args = new String[base.length + cases[i].length];
            System.arraycopy(base, 0, args, 0, base.length);
            System.arraycopy(cases[i], 0, args, base.length, cases[i].length);
            CliTest.Result r = cotenant(args);
            assertEquals(2, r.status(), String.join(" ", cases[i]) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("cotenant moca-optimal: " + expected[i]), r.err());
            assertFalse(Files.exists(out));
        }
    }
}

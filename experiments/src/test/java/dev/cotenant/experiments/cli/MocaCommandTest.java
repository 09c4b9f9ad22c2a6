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

/** {@code cotenant moca}: the files it writes and one-line exit-2 errors; a small run (1 set, 1 QoS, 1 seed, 30 requests) keeps it fast. */
class MocaCommandTest {
    @TempDir Path dir;

    @Test
    void writesMetricsRatiosAndManifestAndPrintsThePaperBeside() throws IOException {
        Path out = dir.resolve("moca");
        CliTest.Result r = cotenant("moca", "--out", out.toString(), "--sets", "light", "--qos", "medium", "--seeds", "2", "--requests", "30",
                "--policies", "static-partition,moca,moca-no-throttle", "--param", "moca.window_cycles=2048");
        assertEquals(0, r.status(), r.err());
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertTrue(metrics.get(0).startsWith(MocaResults.METRICS_HEADER_START), metrics.get(0));
        assertTrue(metrics.get(0).endsWith("sla_satisfaction_p1,sla_satisfaction_p2,sla_satisfaction_p3,mean_progress_p1,mean_progress_p2,mean_progress_p3"));
        assertEquals(1 + 2 * 3, metrics.size(), "one row per seed and policy");
        List<String> ratios = Files.readAllLines(out.resolve("ratios.csv"));
        assertEquals(MocaResults.RATIOS_HEADER, ratios.get(0));
        assertEquals(1 + 2 + 2 * 2, ratios.size(), "2 baselines x 1 cell, then mean and max per baseline");
        String run = Files.readString(out.resolve("run.json"));
        assertTrue(run.contains("\"contention_loss_per_extra_stream\" : 0.07"), run);
        assertTrue(run.contains("\"window_cycles\" : 2048.0"), run);
        assertTrue(r.out().contains("| SLA satisfaction | 1.8x / 3.9x |"), r.out());
    }

    @Test
    void badInputExitsTwoWithOneLineAndWritesNothing() {
        String[][] cases = {
                {"--tiles", "0"}, {"--bandwidth-gbps", "0"}, {"--sets", "huge"}, {"--qos", "strict"}, {"--policies", "moca,fifo"},
                {"--request-tiles", "9"}, {"--contention-loss", "-1"}, {"--param", "moca.window_cycles=1"}, {"--param", "moca.nope=1"},
                {"--policies", "moca", "--param", "prema-tm.threshold_low=1"}};
        String[] expected = {"tiles", "bandwidth", "sets", "qos", "policy", "tiles", "contention loss", "moca.window_cycles", "moca", "policy parameters"};
        for (int i = 0; i < cases.length; i++) {
            Path out = dir.resolve("bad" + i);
            String[] args = new String[4 + cases[i].length];
            args[0] = "moca";
            args[1] = "--out";
            args[2] = out.toString();
            args[3] = "--requests=5";
            System.arraycopy(cases[i], 0, args, 4, cases[i].length);
            CliTest.Result r = cotenant(args);
            assertEquals(2, r.status(), String.join(" ", cases[i]) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("cotenant moca: " + expected[i]), r.err());
            assertFalse(Files.exists(out));
        }
    }
}

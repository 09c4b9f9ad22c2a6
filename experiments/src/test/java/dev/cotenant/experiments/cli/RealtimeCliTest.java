package dev.cotenant.experiments.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.cotenant.experiments.cli.CliTest.cotenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Periodic traces through the CLI: a scenario's trace, the drop rule, models.csv, and bad periodic input. */
class RealtimeCliTest {
    private static final String HEADER = "arrival_s,model,sample,priority,target_latency_s,frame,depends_on\n";

    @TempDir Path dir;
    Path latencyDir;

    @BeforeEach
    void writeLatencyDirectory() throws IOException {
        latencyDir = CliTest.writeLatencyDirectory(dir);
    }

    @Test
    void aScenarioTraceReplaysToTheSameMetricsWithItsDropRule() throws IOException {
        Path trace = dir.resolve("xr.csv");
        Result traced = result(cotenant("trace", "--scenario", "xr-vr-gaming-load1.5", "--samples", "4", "--requests", "300",
                "--seed", "2", "--out", trace.toString()));
        assertEquals(0, traced.status, traced.err);
        assertEquals(HEADER.strip(), Files.readAllLines(trace).get(0));
        assertTrue(Files.readString(trace).contains(",ritnet_dense:"), "gaze frames name their eye-segmentation frame");
        Path generated = dir.resolve("generated");
        Path replayed = dir.resolve("replayed");
        assertEquals(0, cotenant("simulate", "--scenario", "xr-vr-gaming-load1.5", "--samples", "4", "--requests", "300", "--seed", "2",
                "--schedulers", "fcfs,edf,edf-demote,rate-monotonic,least-laxity", "--out", generated.toString()).status());
        // The scenario's rule is late drops; a replayed trace file brings no rule, so it is named.
        assertEquals(0, cotenant("simulate", "--scenario", "xr-vr-gaming-load1.5", "--samples", "4", "--trace", trace.toString(),
                "--drop", "late", "--schedulers", "fcfs,edf,edf-demote,rate-monotonic,least-laxity", "--out", replayed.toString()).status());
        List<String> metrics = Files.readAllLines(generated.resolve("metrics.csv"));
        assertEquals(metrics, Files.readAllLines(replayed.resolve("metrics.csv")));
        assertTrue(metrics.get(0).contains(",fairness,worst_model_miss_rate,drop_rate,xr_score,"), metrics.get(0));
        // At offered load 1.5 some frame must be dropped under FCFS: at most 1/1.5 of the work fits.
        String[] fcfs = metrics.get(1).split(",");
        int dropColumn = List.of(metrics.get(0).split(",")).indexOf("drop_rate");
        assertTrue(Double.parseDouble(fcfs[dropColumn]) > 0, metrics.get(1));
        List<String> models = Files.readAllLines(generated.resolve("models.csv"));
        assertEquals("scheduler,model,requests,miss_rate,drop_rate,p50_latency_s,p99_latency_s,xr_score", models.get(0));
        assertEquals(1 + 5 * 3, models.size()); // five policies x three streams
    }

    @Test
    void badPeriodicInputExitsWithStatusTwoOneLineAndWritesNothing() throws IOException {
        Path out = dir.resolve("never");
        Path cyclic = dir.resolve("cyclic.csv");
        Files.writeString(cyclic, HEADER + "0,alpha,0,1,1,0,beta_x:0\n0,beta_x,0,1,1,0,alpha:0\n");
        Path later = dir.resolve("later.csv");
        Files.writeString(later, HEADER + "0,beta_x,0,1,1,0,alpha:1\n0,alpha,0,1,1,0,\n0.5,alpha,0,1,1,1,\n");
        Path unknown = dir.resolve("unknown.csv");
        Files.writeString(unknown, HEADER + "0,beta_x,0,1,1,0,gamma:0\n");
        String ld = latencyDir.toString();
        String[][] cases = {
                {"simulate", "--latency-dir", ld, "--trace", cyclic.toString(), "--out", out.toString()},
                {"simulate", "--latency-dir", ld, "--trace", later.toString(), "--out", out.toString()},
                {"simulate", "--latency-dir", ld, "--trace", unknown.toString(), "--out", out.toString()},
                {"simulate", "--latency-dir", ld, "--drop", "sometimes", "--out", out.toString()},
                {"simulate", "--scenario", "xr-nowhere", "--out", out.toString()},
                {"trace", "--scenario", "xr-vr-gaming", "--latency-dir", ld, "--out", out.toString()},
                // the optimum takes chains and drops now; a broken trace is still refused before it runs
                {"optimal", "--latency-dir", ld, "--trace", cyclic.toString(), "--time-limit", "1", "--out", out.toString()},
                {"optimal", "--latency-dir", ld, "--trace", later.toString(), "--time-limit", "1", "--out", out.toString()},
                {"optimal", "--scenario", "xr-vr-gaming-load1.5", "--requests", "20", "--objective", "fastest", "--time-limit", "1", "--out", out.toString()},
                {"optimal", "--scenario", "xr-vr-gaming-load1.5", "--requests", "20", "--objective", "worst_model_miss_rate",
                        "--certify-turnaround", "--time-limit", "1", "--out", out.toString()},
        };
        String[] expected = {"cyclic.csv:3: cyclic dependency: ", "later.csv:2: depends on a later frame",
                "unknown.csv:2: depends_on names unknown model 'gamma'", "--drop: unknown drop rule 'sometimes'",
                "unknown scenario 'xr-nowhere'", "--scenario: brings its own latency directory",
                "cyclic.csv:3: cyclic dependency: ", "later.csv:2: depends on a later frame",
                "--objective: unknown objective 'fastest'; known: lexicographic, weighted, worst_model_miss_rate, max:xr_score",
                "--certify-turnaround: does not apply with --objective worst_model_miss_rate"};
        for (int i = 0; i < cases.length; i++) {
            Result r = result(cotenant(cases[i]));
            assertEquals(2, r.status, String.join(" ", cases[i]));
            assertTrue(r.err.contains(expected[i]), "message names the problem: " + r.err);
            assertEquals(1, r.err.strip().lines().count(), "one line: " + r.err);
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", cases[i]));
        }
    }

    private record Result(int status, String err) {}

    private static Result result(CliTest.Result r) { return new Result(r.status(), r.err()); }
}

package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI contract others script against: file names, headers, exit status 2 on bad input, nothing written on failure. */
class CliTest {
    @TempDir Path dir;
    Path latencyDir;

    @BeforeEach
    void writeLatencyDirectory() throws IOException {
        latencyDir = writeLatencyDirectory(dir);
    }

    /** {@code dir/latency}: two models of 3 and 2 layers, 2 samples each; the CLI tests' shared input. */
    static Path writeLatencyDirectory(Path dir) throws IOException {
        Path latencyDir = Files.createDirectory(dir.resolve("latency"));
        LatencyCsv.write(new LatencyTable("alpha", LatencyTable.Layout.EYERISS_V2, 2, 3,
                new double[] {0.01, 0.02, 0.03, 0.02, 0.03, 0.04}, new double[] {0.5, 0.4, 0.3, 0.2, 0.1, 0.0}), latencyDir.resolve("alpha.csv"));
        LatencyCsv.write(new LatencyTable("beta_x", LatencyTable.Layout.EYERISS_V2, 2, 2,
                new double[] {0.05, 0.05, 0.07, 0.03}, new double[] {0.1, 0.2, 0.3, 0.4}), latencyDir.resolve("beta_x.csv"));
        return latencyDir;
    }

    record Result(int status, String out, String err) {}

    /**
     * Runs the CLI in this JVM with its output and error writers injected: commands print through picocli's
     * writers and the runner's notices through the error writer, so nothing global is swapped and tests can
     * run side by side. {@code err} is everything the command wrote to its error writer.
     */
    static Result cotenant(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = CotenantCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void simulateWritesTheContractedFiles() throws IOException {
        Path out = dir.resolve("out");
        Result r = cotenant("simulate", "--latency-dir", latencyDir.toString(), "--rate", "20", "--requests", "40",
                "--slo-mult", "3", "--seed", "5", "--schedulers", "fcfs,dysta", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertTrue(metrics.get(0).startsWith("scheduler,requests,violation_rate,antt,throughput_inf_per_s"));
        assertEquals(3, metrics.size());
        assertTrue(metrics.get(1).startsWith("fcfs,40,"));
        List<String> requests = Files.readAllLines(out.resolve("requests.csv"));
        assertEquals("scheduler,request,arrival_s,finish_s,deadline_s,met,dropped", requests.get(0));
        assertEquals(1 + 2 * 40, requests.size());
        assertTrue(requests.get(1).startsWith("fcfs,0,"));
        assertTrue(requests.get(1).endsWith(",true") || requests.get(1).endsWith(",false"));
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"reproduce\""));
        assertTrue(r.out().contains("dysta"));
    }

    @Test
    void aWrittenTraceReplaysToTheSameMetrics() throws IOException {
        Path trace = dir.resolve("trace.csv");
        assertEquals(0, cotenant("trace", "--latency-dir", latencyDir.toString(), "--rate", "20", "--requests", "60",
                "--slo-mult", "3", "--seed", "9", "--out", trace.toString()).status());
        Path generated = dir.resolve("generated");
        Path replayed = dir.resolve("replayed");
        cotenant("simulate", "--latency-dir", latencyDir.toString(), "--rate", "20", "--requests", "60", "--slo-mult", "3",
                "--seed", "9", "--out", generated.toString());
        cotenant("simulate", "--latency-dir", latencyDir.toString(), "--trace", trace.toString(), "--out", replayed.toString());
        assertEquals(Files.readAllLines(generated.resolve("metrics.csv")), Files.readAllLines(replayed.resolve("metrics.csv")));
    }

    @Test
    void badInputExitsWithStatusTwoOneLineAndWritesNothing() throws IOException {
        Path out = dir.resolve("never");
        Path unsorted = dir.resolve("unsorted.csv");
        Files.writeString(unsorted, "arrival_s,model,sample,priority,target_latency_s\n0.5,alpha,0,1,1\n0.2,alpha,0,1,1\n");
        Path unknownModel = dir.resolve("unknown.csv");
        Files.writeString(unknownModel, "arrival_s,model,sample,priority,target_latency_s\n0.5,gamma,0,1,1\n");
        Path sampleOutOfRange = dir.resolve("sample.csv");
        Files.writeString(sampleOutOfRange, "arrival_s,model,sample,priority,target_latency_s\n0.5,alpha,7,1,1\n");
        Path badLatency = Files.createDirectory(dir.resolve("badlat"));
        Files.writeString(badLatency.resolve("m.csv"), "batch-indx,layer-indx,overall-sparsity,sim_lat\n0,0,0.2,-1\n");
        Path badSparsity = Files.createDirectory(dir.resolve("badsp"));
        Files.writeString(badSparsity.resolve("m.csv"), "batch-indx,layer-indx,overall-sparsity,sim_lat\n0,0,1.0,0.1\n");
        Path missingColumn = Files.createDirectory(dir.resolve("nocol"));
        Files.writeString(missingColumn.resolve("m.csv"), "batch-indx,layer-indx,sim_lat\n0,0,0.1\n");

        String ld = latencyDir.toString();
        String[][] cases = {
                {"simulate", "--latency-dir", ld, "--schedulers", "fcfs,nope", "--out", out.toString()},
                {"simulate", "--latency-dir", ld, "--trace", unsorted.toString(), "--out", out.toString()},
                {"simulate", "--latency-dir", ld, "--trace", unknownModel.toString(), "--out", out.toString()},
                {"simulate", "--latency-dir", ld, "--trace", sampleOutOfRange.toString(), "--out", out.toString()},
                {"simulate", "--latency-dir", badLatency.toString(), "--out", out.toString()},
                {"simulate", "--latency-dir", badSparsity.toString(), "--out", out.toString()},
                {"simulate", "--latency-dir", missingColumn.toString(), "--out", out.toString()},
                {"simulate", "--latency-dir", dir.resolve("absent").toString(), "--out", out.toString()},
                {"simulate", "--latency-dir", ld, "--rate", "0", "--out", out.toString()},
                {"simulate", "--latency-dir", ld, "--trace", unsorted.toString(), "--rate", "3", "--out", out.toString()},
                {"simulate", "--latency-dir", ld, "--estimator", "crystal-ball", "--out", out.toString()},
                {"simulate", "--latency-dir", ld, "--no-such-option", "--out", out.toString()},
        };
        String[] expectedFragments = {"nope", "unsorted.csv:3", "unknown.csv:2", "sample.csv:2", "m.csv:2", "m.csv:2",
                "m.csv", "absent", "--rate", "--trace", "--estimator", "no-such-option"};
        for (int i = 0; i < cases.length; i++) {
            Result r = cotenant(cases[i]);
            assertEquals(2, r.status(), String.join(" ", cases[i]));
            assertTrue(r.err().contains(expectedFragments[i]), "message names the problem: " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", cases[i]));
        }
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains("staging")), "no staging folder left behind");
        }
    }

    @Test
    void aMalformedCommandLineIsOneLinePointingAtTheHelp() {
        // picocli's default prints the whole usage (36-70 lines) after the one line that matters.
        String[][] cases = {
                {"simulate", "--no-such-option"},
                {"simulate", "--rate"},
                {"simulate", "--rate", "fast"},
                {"compare", "--slo-mults", "5,10"}, // --out is required
                {"simulte"},
        };
        String[] expectedEnd = {"see 'cotenant simulate --help'", "see 'cotenant simulate --help'", "see 'cotenant simulate --help'",
                "see 'cotenant compare --help'", "see 'cotenant --help'"};
        for (int i = 0; i < cases.length; i++) {
            Result r = cotenant(cases[i]);
            assertEquals(CotenantCli.BAD_INPUT, r.status(), String.join(" ", cases[i]));
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().strip().endsWith(expectedEnd[i]), r.err());
            assertEquals("", r.out(), "no usage on stdout either");
        }
        assertTrue(cotenant("simulte").err().contains("did you mean simulate"), "a near-miss command is suggested");
    }

    @Test
    void listingsAndUsagePrintThroughTheCommandLinesOutWriter() {
        // each printed to System.out once: the injected writer then stayed empty
        String[][] cases = {{}, {"experiment"}, {"experiment", "show", "demo"}, {"workloads"}, {"workloads", "list"}, {"schedulers"}};
        String[] expectedStarts = {"Usage: cotenant ", "Usage: cotenant experiment ", "name: demo", "Scenarios:", "Scenarios:", "fcfs "};
        for (int i = 0; i < cases.length; i++) {
            Result r = cotenant(cases[i]);
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().startsWith(expectedStarts[i]), String.join(" ", cases[i]) + ": " + r.out());
            assertEquals("", r.err(), String.join(" ", cases[i]));
        }
    }

    @Test
    void benchEndsWithTheLayerStepRate() {
        Result r = cotenant("bench", "--latency-dir", latencyDir.toString(), "--requests", "50", "--rate", "20",
                "--warmup", "0", "--seconds", "0.2");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertTrue(lines[lines.length - 1].matches("layer_steps_per_s=\\d+"), lines[lines.length - 1]);
    }

    @Test
    void benchMovesEndsWithTheRatioOfAFullRunToAMove() {
        // the built-in directory at 8/s: busy periods large enough for the optimiser's local search
        Result r = cotenant("bench", "--moves", "--requests", "300", "--rate", "8", "--slo-mult", "10", "--warmup", "0", "--seconds", "0.5");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("move_ratio=\\d+\\.\\d"), last);
        // a move re-simulates part of one busy period, never more than the whole trace
        assertTrue(Double.parseDouble(last.substring("move_ratio=".length())) > 1, last);
        Result refused = cotenant("bench", "--moves", "--requests", "50", "--artifact-clock", "--warmup", "0", "--seconds", "0.2");
        assertEquals(2, refused.status());
        assertTrue(refused.err().contains("--moves"), refused.err());
        // so light that every request runs alone: nothing to move, a one-line refusal rather than a stack trace
        Result alone = cotenant("bench", "--moves", "--requests", "5", "--rate", "0.01", "--warmup", "0", "--seconds", "0.2");
        assertEquals(2, alone.status(), alone.err());
        assertTrue(alone.err().contains("--moves") && alone.err().strip().lines().count() == 1, alone.err());
    }
}

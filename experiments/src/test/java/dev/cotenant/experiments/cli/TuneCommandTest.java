package dev.cotenant.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cotenant tune}'s contract: its files and headers, a progress line per generation, exit 2 on bad input with the checkpoint untouched. */
class TuneCommandTest {
    @TempDir Path dir;

    static CliTest.Result tune(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("tune", "--policy", "dysta", "--rates", "3:5", "--slo-mults", "3:10",
                "--requests", "30", "--train-traces", "2", "--validation-traces", "2", "--generations", "2", "--population", "4",
                "--seed", "3", "--threads", "2", "--out", out.toString()));
        for (int i = 0; i < extra.length; i++) {
            // An option given again replaces the default above (picocli rejects repeats).
            int at = args.indexOf(extra[i]);
            if (at >= 0 && i + 1 < extra.length && !extra[i].equals("--resume") && !extra[i].equals("--bound")) {
                args.set(at + 1, extra[++i]);
            } else {
                args.add(extra[i]);
            }
        }
        return CliTest.cotenant(args.toArray(String[]::new));
    }

    @Test
    void writesTheContractedFilesAndAProgressLinePerGeneration() throws Exception {
        Path out = dir.resolve("out");
        CliTest.Result r = tune(out, "--objective", "violation_rate,antt");
        assertEquals(0, r.status(), r.err());
        assertEquals(2, r.err().lines().filter(l -> l.startsWith("tune: generation")).count(), r.err());
        assertEquals("generation,evaluations,elapsed_s,best_violation_rate,mean_violation_rate,best_antt,mean_antt,front_size",
                Files.readAllLines(out.resolve("history.csv")).get(0));
        assertTrue(Files.readAllLines(out.resolve("pareto.csv")).get(0).startsWith("point,beta,training_violation_rate,training_antt,"));
        assertTrue(Files.readAllLines(out.resolve("validation.csv")).get(0).startsWith("policy,role,set,trace,seed,rate_per_s,slo_multiplier,objective,violation_rate,"));
        for (String f : List.of("best.json", "checkpoint.json", "run.json", "convergence.png", "front.png")) assertTrue(Files.exists(out.resolve(f)), f);
    }

    @Test
    void badInputExitsWithTwoAndLeavesTheCheckpointAlone() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, tune(out).status());
        Path checkpoint = out.resolve("checkpoint.json");
        byte[] before = Files.readAllBytes(checkpoint);
        String[][] bad = {
                {"--population", "1", "--resume"},
                {"--objective", "jain_index", "--resume"},
                {"--bound", "gamma=0:1", "--resume"},
                {"--bound", "beta=1:0.1", "--resume"},
                {"--rates", "5:3", "--resume"},
                {},                     // a fresh run into a folder with a checkpoint
                {"--seed", "4", "--resume"}, // another run's checkpoint
                {"--racing", "0", "--resume"}, // racing changes the search: not a resume of a run without it
                {"--racing", "-1"},
                {"--racing", "0", "--objective", "violation_rate,antt"},
        };
        for (String[] args : bad) {
            CliTest.Result r = tune(out, args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("cotenant tune: "), r.err());
            assertArrayEquals(before, Files.readAllBytes(checkpoint), String.join(" ", args));
        }
        Files.writeString(checkpoint, "not json");
        CliTest.Result r = tune(out, "--resume");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("corrupt checkpoint"), r.err());
        assertEquals("not json", Files.readString(checkpoint));
    }

    @Test
    void aFolderOfTraceFilesIsSplitIntoTrainingAndHeldOutFiles() throws Exception {
        dev.cotenant.simulator.latency.LatencyDirectory demo = dev.cotenant.simulator.latency.BuiltinLatencyDirectories.load("demo");
        Path traces = Files.createDirectories(dir.resolve("traces"));
        for (int i = 1; i <= 3; i++) {
            dev.cotenant.simulator.trace.TraceCsv.write(dev.cotenant.simulator.trace.PoissonTraceGenerator.generate(demo, 30, 4, 5, 5,
                    dev.cotenant.simulator.setting.TimeMultiplexedSetting.publishedPriorities(), i), demo, traces.resolve("t" + i + ".csv"));
        }
        Path out = dir.resolve("files");
        CliTest.Result r = CliTest.cotenant("tune", "--policy", "dysta", "--traces", traces.toString(), "--train-traces", "1",
                "--validation-traces", "2", "--generations", "1", "--population", "4", "--seed", "3", "--threads", "2", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        com.fasterxml.jackson.databind.JsonNode search = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("best.json").toFile())
                .get("search");
        // 3 files in the ratio 1 : 2: one trains, two are held out, none in both
        assertEquals(1, search.get("training_trace_files").size(), search.toString());
        assertEquals(2, search.get("validation_trace_files").size(), search.toString());
        java.util.Set<String> all = new java.util.HashSet<>();
        for (String set : List.of("training_trace_files", "validation_trace_files")) search.get(set).forEach(f -> all.add(f.asText()));
        assertEquals(3, all.size());
        // validation.csv: the tuned vector, its published one and every baseline, each on 1 + 2 files
        long rows = Files.readAllLines(out.resolve("validation.csv")).stream().filter(l -> l.startsWith("dysta (tuned),")).count();
        assertEquals(3, rows);

        r = CliTest.cotenant("tune", "--policy", "dysta", "--traces", traces.toString(), "--rates", "3", "--out", dir.resolve("bad").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith("cotenant tune: --rates: a trace file carries its own"), r.err());
        r = CliTest.cotenant("tune", "--policy", "dysta", "--traces", dir.resolve("nowhere").toString(), "--out", dir.resolve("bad").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("nowhere: no such file or folder"), r.err());
    }

    @Test
    void aMocaScenarioTunesMocasRegulationOnGeneratedTracesAgainstEveryMocaBaseline() throws Exception {
        Path out = dir.resolve("moca");
        CliTest.Result r = CliTest.cotenant("tune", "--policy", "moca", "--scenario", "moca-a-h", "--objective", "sla_satisfaction",
                "--train-traces", "2", "--validation-traces", "2", "--generations", "2", "--population", "4",
                "--threads", "2", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        String validation = Files.readString(out.resolve("validation.csv"));
        for (String p : List.of("moca (tuned)", "moca (published)", "static-partition", "prema", "planaria", "moca-no-throttle")) {
            assertTrue(validation.contains(p), p);
        }
        assertTrue(Files.readString(out.resolve("best.json")).contains("\"budget\""));
        // A time-multiplexed scheduler has no multi-tile parameter space; an objective the setting does not compute is refused.
        CliTest.Result wrongPolicy = CliTest.cotenant("tune", "--policy", "dysta", "--scenario", "moca-a-h", "--out", dir.resolve("x").toString());
        assertEquals(2, wrongPolicy.status(), wrongPolicy.err());
        assertTrue(wrongPolicy.err().contains("cotenant tune: --policy: unknown multi-tile policy 'dysta'"), wrongPolicy.err());
        // an unknown scenario is named at --scenario, beside every setting's scenarios (time-multiplexed first, then MoCA's)
        CliTest.Result unknown = CliTest.cotenant("tune", "--policy", "moca", "--scenario", "moca-d-h", "--out", dir.resolve("u").toString());
        assertEquals(2, unknown.status(), unknown.err());
        assertTrue(unknown.err().startsWith("cotenant tune: --scenario: unknown scenario 'moca-d-h'; known: dysta-mobile-vision, "), unknown.err());
        assertTrue(unknown.err().contains(", xr-outdoor-activity-load1.5, moca-a-h, ") && unknown.err().contains(", moca-c-l"), unknown.err());
        CliTest.Result wrongMetric = CliTest.cotenant("tune", "--policy", "moca", "--scenario", "moca-a-h",
                "--objective", "p50_normalized_turnaround", "--out", dir.resolve("y").toString());
        assertEquals(2, wrongMetric.status(), wrongMetric.err());
        assertTrue(wrongMetric.err().contains("--objective"), wrongMetric.err());
        CliTest.Result wrongRequests = CliTest.cotenant("tune", "--policy", "moca", "--scenario", "moca-a-h", "--requests", "30",
                "--out", dir.resolve("z").toString());
        assertEquals(2, wrongRequests.status(), wrongRequests.err());
        assertTrue(wrongRequests.err().contains("--requests: MoCA's traces have 250 requests"), wrongRequests.err());
        // a load of 0 is refused at --loads, the option given (the tuner draws loads on its rate axis, which once named --rates)
        for (String scenario : List.of("moca-a-h", "xr-vr-gaming")) {
            Path zeroOut = dir.resolve("zero-" + scenario);
            CliTest.Result zero = CliTest.cotenant("tune", "--policy", scenario.startsWith("moca") ? "moca" : "dysta", "--scenario", scenario,
                    "--loads", "0:1", "--out", zeroOut.toString());
            assertEquals(2, zero.status(), zero.err());
            assertTrue(zero.err().startsWith("cotenant tune: --loads: must be finite and > 0, got 0.0:1.0"), zero.err());
            assertFalse(Files.exists(zeroOut), "nothing written on bad input");
        }
    }

    @Test
    void racingRecordsTheTraceRunsItSaved() throws Exception {
        Path out = dir.resolve("raced");
        CliTest.Result r = tune(out, "--objective", "antt", "--racing", "0", "--train-traces", "4", "--generations", "3");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.matches("tune: racing ran \\d+ of \\d+ candidate x training-trace runs \\(.*% saved\\)")), r.err());
        String manifest = Files.readString(out.resolve("run.json"));
        assertTrue(manifest.contains("\"racing_margin\"") && manifest.contains("\"training_trace_runs\""), manifest);
        CliTest.Result moca = CliTest.cotenant("tune", "--policy", "moca", "--scenario", "moca-a-h", "--objective", "sla_satisfaction",
                "--racing", "0", "--out", dir.resolve("m").toString());
        assertEquals(2, moca.status(), moca.err());
        assertTrue(moca.err().contains("--racing"), moca.err());
    }
}

package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.ExperimentStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MocaCommandTest {
    @TempDir Path dir;

    @Test
    void artifactScenariosAreASpecOverTheRunnerWithRatiosBesideThePaper() throws Exception {
        Path out = dir.resolve("moca");
        CliTest.Result r = CliTest.cotenant("moca", "--scenarios", "moca-a-m,moca-c-m", "--policies", "moca,static-partition",
                "--threads", "2", "--no-progress", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(ExperimentStore.header(), metrics.get(0));
        assertEquals(1 + 2 * 2, metrics.size());
        // point 0: set a as generated (no rate axis), QoS medium (x1.0), the artifact's seed 777; 250 requests
        assertTrue(metrics.get(1).matches("0,[0-9.E-]+,NaN,1\\.0,1\\.0,777,a,moca,250,.*"), metrics.get(1));
        assertTrue(metrics.get(4).matches("1,[0-9.E-]+,NaN,1\\.0,1\\.0,777,c,static-partition,250,.*"), metrics.get(4));
        assertTrue(r.out().contains("paper: SLA 1.8x (3.9x)"), r.out());
        String manifest = Files.readString(out.resolve("manifest.json"));
        assertTrue(manifest.contains("\"reproduce\"") && manifest.contains("\"setting\" : \"moca\""), manifest);
        assertTrue(Files.exists(out.resolve("report.html")));
        List<String> requests = Files.readAllLines(out.resolve("requests.csv"));
        assertTrue(requests.get(0).startsWith("scheduler,request,arrival_s,finish_s,deadline_s,met,"), requests.get(0));
        assertEquals(1 + 2 * 2 * 250, requests.size());
        assertTrue(requests.get(1).startsWith("moca,0,") && requests.get(1).contains(",moca-a-m,"), requests.get(1));
        // a rerun resumes: nothing left to run, the same rows
        CliTest.Result again = CliTest.cotenant("moca", "--scenarios", "moca-a-m,moca-c-m", "--policies", "moca,static-partition",
                "--no-progress", "--out", out.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("(2 already stored, 0 run)"), again.out());
        assertEquals(metrics, Files.readAllLines(out.resolve("metrics.csv")));
    }

    /**
     * The command builds its spec directly; a folder stored when it built it through YAML must keep its fingerprint.
     * The YAML is what that road wrote for these options (sha256 01b40e35... on the commit that made the change).
     */
    @Test
    void theBuiltSpecIsTheSpecFileOfTheSameOptions() {
        MocaCommand command = new MocaCommand();
        new picocli.CommandLine(command).parseArgs("--out", "x", "--scenarios", "moca-b-h,moca-b-l", "--loads", "0.6,0.9",
                "--policies", "moca,moca-dysta", "--param", "moca.bookkeepingScale=1.5", "--artifact-runtime");
        String yaml = """
                name: moca
                title: MoCA and its baselines on the multi-tile model
                paper: MoCA (HPCA 2023), Figs. 7-9 and the abstract's headline ratios
                workload: {setting: moca, artifact_runtime: true, sets: [b]}
                sweep: {offered_load: [0.6, 0.9], slo_multiplier: [0.8, 1.2], seeds: [777]}
                policies:
                  - {label: moca, scheduler: moca, parameters: {bookkeepingScale: 1.5}}
                  - {label: moca-dysta, scheduler: moca-dysta}
                metrics: [sla_satisfaction, sla_satisfaction_priority_9_11, moca_stp, moca_stp_as_written, fairness, moca_fairness_as_written]
                """;
        var file = dev.cotenant.experiments.spec.SpecReader.parse(yaml, "test", dir);
        assertEquals(file.toJson().toString(), command.experiment().toJson().toString());
        assertEquals(file.sha256(), command.experiment().sha256());
    }

    @Test
    void aTraceFileRunsEveryPolicyAndTheRowsDoNotDependOnThreads() throws Exception {
        Path trace = dir.resolve("t.csv");
        Files.writeString(trace, """
                arrival_s,model,sample,priority,target_latency_s
                0.0,resnet50,0,1,0.05
                0.001,squeezenet,0,12,0.01
                0.002,yololite,0,5,0.01
                0.003,kwsnet,0,3,0.0333
                0.004,alexnet,0,9,0.0333
                """);
        Path one = dir.resolve("one"), two = dir.resolve("two");
        CliTest.Result a = CliTest.cotenant("moca", "--trace", trace.toString(), "--no-progress", "--threads", "1", "--out", one.toString());
        CliTest.Result b = CliTest.cotenant("moca", "--trace", trace.toString(), "--no-progress", "--threads", "2", "--out", two.toString());
        assertEquals(0, a.status(), a.err());
        assertEquals(0, b.status(), b.err());
        assertEquals(Files.readString(one.resolve("metrics.csv")), Files.readString(two.resolve("metrics.csv")));
        assertEquals(Files.readString(one.resolve("requests.csv")), Files.readString(two.resolve("requests.csv")));
    }

    @Test
    void badInputExitsWith2InOneLineAndWritesNothing() throws Exception {
        Path trace = dir.resolve("bad.csv");
        Files.writeString(trace, "arrival_s,model,sample,priority,target_latency_s\n0.0,vgg16,0,1,0.05\n");
        Path out = dir.resolve("bad");
        assertBad(out, trace + ":2: unknown model 'vgg16'", "--trace", trace.toString());
        assertBad(out, "--policies: unknown MoCA policy 'dysta'", "--policies", "dysta");
        assertBad(out, "--param: moca: has no parameter 'nope'", "--param", "moca.nope=1");
        assertBad(out, "--scenarios: moca-d-h: unknown MoCA scenario", "--scenarios", "moca-d-h");
        assertBad(out, "--subject: 'moca' is not among --policies", "--policies", "prema");
        assertBad(out, "--scenarios: list every combination", "--scenarios", "moca-a-m,moca-c-h");
    }

    private static void assertBad(Path out, String start, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--out";
        all[args.length + 1] = out.toString();
        String[] withCommand = new String[all.length + 1];
        withCommand[0] = "moca";
        System.arraycopy(all, 0, withCommand, 1, all.length);
        CliTest.Result r = CliTest.cotenant(withCommand);
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("cotenant moca: " + start), r.err());
        assertFalse(Files.exists(out));
    }
}

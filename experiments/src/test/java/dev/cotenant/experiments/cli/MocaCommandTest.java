package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.moca.MocaStudy;
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
    void artifactScenariosWriteOneRowPerTraceAndPolicyAndRatiosBesideThePaper() throws Exception {
        Path out = dir.resolve("moca");
        CliTest.Result r = CliTest.cotenant("moca", "--scenarios", "moca-a-m,moca-c-h", "--policies", "moca,static-partition",
                "--threads", "2", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(MocaStudy.METRICS_HEADER, metrics.get(0));
        assertEquals(1 + 2 * 2, metrics.size());
        assertTrue(metrics.get(1).startsWith("moca,250,moca-a-m,physical,"), metrics.get(1));
        List<String> requests = Files.readAllLines(out.resolve("requests.csv"));
        assertTrue(requests.get(0).startsWith("scheduler,request,arrival_s,finish_s,deadline_s,met,"), requests.get(0));
        assertEquals(1 + 2 * 2 * 250, requests.size());
        String ratios = Files.readString(out.resolve("ratios.csv"));
        assertTrue(ratios.contains("mean,static-partition,sla,"), ratios);
        assertTrue(r.out().contains("paper: SLA 1.8x (3.9x)"), r.out());
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"reproduce\""));
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
        CliTest.Result a = CliTest.cotenant("moca", "--trace", trace.toString(), "--threads", "1", "--out", one.toString());
        CliTest.Result b = CliTest.cotenant("moca", "--trace", trace.toString(), "--threads", "2", "--out", two.toString());
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

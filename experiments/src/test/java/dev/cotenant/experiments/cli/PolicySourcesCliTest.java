package dev.cotenant.experiments.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One policy-source syntax for every command that takes a list of policies: names, overrides, best.json, labels. */
class PolicySourcesCliTest {
    @TempDir Path dir;
    Path latencyDir;
    Path best;

    @BeforeEach
    void inputs() throws IOException {
        latencyDir = CliTest.writeLatencyDirectory(dir);
        best = dir.resolve("tuned/best.json");
        Files.createDirectories(best.getParent());
        // a tuner's output records more than the policy; only policy and parameters are read
        Files.writeString(best, "{\"policy\": \"dysta\", \"parameters\": {\"beta\": 0.002}, \"score\": 0.1}");
    }

    private String[] simulate(Path out, String schedulers) {
        return new String[] {"simulate", "--latency-dir", latencyDir.toString(), "--rate", "20", "--requests", "40", "--slo-mult", "3",
                "--seed", "5", "--schedulers", schedulers, "--out", out.toString()};
    }

    /** metrics.csv rows keyed by their label column, label dropped. */
    private static List<String> rows(Path out) throws IOException {
        return Files.readAllLines(out.resolve("metrics.csv")).stream().skip(1).toList();
    }

    private static String label(String row) { return row.substring(0, row.indexOf(',')); }
    private static String values(String row) { return row.substring(row.indexOf(',')); }

    @Test
    void simulateRunsANamesAnOverrideAndABestJsonUnderDistinctReadableLabels() throws IOException {
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.cotenant(simulate(out, "dysta," + best + ",dysta:beta=2e-4,first=fcfs,fast=dysta:beta=0.01,family=dysta-family:estimate=architecture,beta=0.002"));
        assertEquals(0, r.status(), r.err());
        List<String> rows = rows(out);
        // the best.json label is its parameters that differ from the published beta 0.01; 2e-4 is written as Double.toString does;
        // 'first=fcfs' after an override is a labelled entry (fcfs is a scheduler, not a parameter of dysta);
        // the comma after 'estimate=architecture' continues the override, as beta is a parameter of dysta-family
        assertEquals(List.of("dysta", "dysta:beta=0.002", "dysta:beta=2.0E-4", "first", "fast", "family"), rows.stream().map(PolicySourcesCliTest::label).toList());
        assertTrue(r.out().contains("dysta:beta=2.0E-4"), "the console table carries the same labels: " + r.out());
    }

    @Test
    void oneVectorReachedTwoWaysGivesTheSameRow() throws IOException {
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.cotenant(simulate(out, "dysta,published=dysta:beta=0.01,file=" + best + ",dysta:beta=0.002,dysta-family:estimate=none,beta=0.5"));
        assertEquals(0, r.status(), r.err());
        List<String> rows = rows(out);
        assertEquals(List.of("dysta", "published", "file", "dysta:beta=0.002", "dysta-family:estimate=none+beta=0.5"),
                rows.stream().map(PolicySourcesCliTest::label).toList());
        // beta=0.01 is Dysta's published value, so the override runs the very same scheduler
        assertEquals(values(rows.get(0)), values(rows.get(1)));
        // the file and the override hold the same vector (beta=0.002): the kernel is deterministic
        assertEquals(values(rows.get(2)), values(rows.get(3)));
        String runJson = Files.readString(out.resolve("run.json"));
        assertTrue(runJson.contains("best.json:" + best.normalize()), runJson);
        assertTrue(runJson.contains("dysta(beta=0.002)"), "run.json records the vector each label ran: " + runJson);
    }

    @Test
    void badSourcesExitWith2InOneLineNamingTheOptionAndTheEntry() {
        Path out = dir.resolve("bad");
        assertBadInput(out, "cotenant simulate: --schedulers: 'nosuch': unknown scheduler 'nosuch' and no such file; allowed: fcfs,", simulate(out, "fcfs,nosuch"));
        assertBadInput(out, "cotenant simulate: --schedulers: 'dysta:gamma=1': dysta: has no parameter 'gamma'; known: beta",
                simulate(out, "dysta:gamma=1"));
        // Dysta's beta is bounded to [1e-5, 10]
        assertBadInput(out, "cotenant simulate: --schedulers: 'dysta:beta=100': dysta.beta: 100.0 is outside [1.0E-5, 10.0]",
                simulate(out, "dysta:beta=100"));
        assertBadInput(out, "cotenant simulate: --schedulers: 'dysta:beta=fast': beta: expected a number, got 'fast'",
                simulate(out, "dysta:beta=fast"));
        assertBadInput(out, "cotenant simulate: --schedulers: 'nosuch:beta=1': unknown scheduler 'nosuch'", simulate(out, "nosuch:beta=1"));
        Path missing = dir.resolve("nowhere/best.json");
        assertBadInput(out, "cotenant simulate: --schedulers: " + missing + ": no such file", simulate(out, "dysta," + missing));
        // the published name and the override spelled differently are one label: two rows under it could not be told apart
        assertBadInput(out, "cotenant simulate: --schedulers: 'dysta:beta=0.002': label 'dysta:beta=0.002' is used twice; give one of them a label",
                simulate(out, best + ",dysta:beta=0.002"));
        assertBadInput(out, "cotenant simulate: --schedulers: 'all': label 'fcfs' is used twice", simulate(out, "fcfs,all"));
        assertBadInput(out, "cotenant simulate: --schedulers: 'dysta-learned': dysta-learned needs a trained predictor (--predictor FILE)",
                simulate(out, "dysta-learned"));
        assertBadInput(out, "cotenant simulate: --schedulers: 'dysta:beta=0.1,btaa=2': dysta: has no parameter 'btaa'",
                simulate(out, "dysta:beta=0.1,btaa=2"));
        assertBadInput(out, "cotenant simulate: --schedulers: 'my label=dysta': label 'my label' must match", simulate(out, "my label=dysta"));
        assertBadInput(out, "cotenant simulate: --schedulers: 'dysta:beta=0.1,beta=0.2': parameter 'beta' is set twice",
                simulate(out, "dysta:beta=0.1,beta=0.2"));
    }

    @Test
    void compareTakesTheSameSourcesAcrossItsTwoOptions() throws IOException {
        Path out = dir.resolve("cmp");
        String[] common = {"compare", "--latency-dir", latencyDir.toString(), "--rates", "10", "--slo-mults", "3", "--requests", "10",
                "--time-limit", "1", "--out", out.toString()};
        // a label is unique across --schedulers and --policy
        assertBadInput(out, "cotenant compare: --policy: 'dysta:beta=0.002': label 'dysta:beta=0.002' is used twice",
                concat(common, "--schedulers", "fcfs," + best, "--policy", "dysta:beta=0.002"));
        assertBadInput(out, "cotenant compare: --policy: 'dysta:beta=11': dysta.beta: 11.0 is outside", concat(common, "--policy", "dysta:beta=11"));
    }

    private static void assertBadInput(Path out, String expectedStart, String... args) {
        CliTest.Result r = CliTest.cotenant(args);
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith(expectedStart), "expected '" + expectedStart + "', got: " + r.err());
        assertFalse(Files.exists(out), "nothing is written on bad input");
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}

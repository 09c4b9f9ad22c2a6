package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.results.FolderLock;
import dev.cotenant.experiments.runner.ExperimentRunner;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.SpecReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cases of issue 18's reliability pass, one test per problem: no command deletes or overwrites a
 * file it did not write, one run per output at a time, no impossible number printed with exit 0, and
 * bad input ends with exit 2, one line naming the option, file or key, and nothing left behind.
 */
class ReliabilityTest {
    @TempDir Path dir;
    Path latency;

    @BeforeEach
    void latencyDirectory() throws IOException {
        latency = CliTest.writeLatencyDirectory(dir);
    }

    record Result(int status, String out, String err) {
        /** Exit 2 with one line on stderr that contains every {@code named}. */
        void assertBadInput(String... named) {
            assertEquals(2, status, err + out);
            assertEquals(1, err.strip().lines().count(), err);
            for (String n : named) assertTrue(err.contains(n), "'" + n + "' not named in: " + err);
        }
    }

    /** The CLI in this JVM, its writers injected ({@link CliTest#cotenant}). */
    static Result run(String... args) {
        CliTest.Result r = CliTest.cotenant(args);
        return new Result(r.status(), r.out(), r.err());
    }

    private Result simulate(Path out, String... extra) {
        return run(merge(List.of("simulate", "--latency-dir", latency.toString(), "--rate", "20", "--requests", "20",
                "--seed", "1", "--schedulers", "fcfs", "--out", out.toString()), extra));
    }

    /** {@code base} with each option of {@code extra} replacing its value there, or appended (picocli refuses repeats). */
    static String[] merge(List<String> base, String... extra) {
        List<String> args = new ArrayList<>(base);
        for (int i = 0; i < extra.length; i++) {
            int at = args.indexOf(extra[i]);
            boolean valued = i + 1 < extra.length && !extra[i + 1].startsWith("--");
            if (at >= 0 && valued) args.set(at + 1, extra[++i]);
            else args.add(extra[i]);
        }
        return args.toArray(String[]::new);
    }

    /** Every name in {@code folder} (recursively, relative), to show nothing appeared or vanished. */
    private static List<String> tree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }

    private List<String> hiddenLeftovers() throws IOException {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    // ---- 1. trace --out overwrote any file, the latency table it reads included ----

    @Test
    void traceNeverReplacesAFileItDidNotWrite() throws IOException {
        Path notes = Files.writeString(dir.resolve("n.txt"), "notes\n");
        run("trace", "--latency-dir", latency.toString(), "--requests", "20", "--out", notes.toString()).assertBadInput(notes.toString(), "--force");
        assertEquals("notes\n", Files.readString(notes));

        Path table = latency.resolve("alpha.csv");
        String before = Files.readString(table);
        run("trace", "--latency-dir", latency.toString(), "--requests", "20", "--out", table.toString(), "--force")
                .assertBadInput(table.toString(), "input"); // not even with --force: it is being read
        assertEquals(before, Files.readString(table));

        run("trace", "--latency-dir", latency.toString(), "--requests", "20", "--out", dir.toString()).assertBadInput("is a folder");

        Result forced = run("trace", "--latency-dir", latency.toString(), "--requests", "20", "--out", notes.toString(), "--force");
        assertEquals(0, forced.status(), forced.err());
        assertTrue(Files.readString(notes).startsWith("arrival_s,model,sample,priority,target_latency_s\n"));
        assertEquals(List.of(), hiddenLeftovers(), "no lock or temporary file left");
    }

    // ---- 2. workloads export and measure-sparsity deleted a folder of unrelated files ----

    @Test
    void exportAndMeasureSparsityKeepAFolderOfUnrelatedFiles() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep");
        Files.createDirectories(mine.resolve("sub")).resolve("x").toFile().createNewFile();
        List<String> before = tree(mine);
        String[] export = {"workloads", "export", "--scenario", "dysta-mobile-vision", "--samples", "2", "--requests", "5", "--out", mine.toString()};
        run(export).assertBadInput(mine.toString(), "--force");
        run("measure-sparsity", "--epochs", "1", "--out", mine.toString()).assertBadInput(mine.toString()); // refused before training
        assertEquals(before, tree(mine));

        // --force adds the export and deletes nothing; a rerun with --force replaces only the export's files
        String[] forced = java.util.Arrays.copyOf(export, export.length + 1);
        forced[export.length] = "--force";
        for (int i = 0; i < 2; i++) {
            Result r = run(forced);
            assertEquals(0, r.status(), r.err());
            assertEquals("keep", Files.readString(mine.resolve("notes.txt")));
            assertTrue(Files.exists(mine.resolve("sub/x")) && Files.exists(mine.resolve("trace.csv")) && Files.isDirectory(mine.resolve("latency")));
        }
        assertEquals(List.of(), hiddenLeftovers());
    }

    // ---- 3. a result folder holding a user's file was replaced whole ----

    @Test
    void aUsersFileInAResultFolderSurvivesOrTheRerunRefuses() throws IOException {
        Path out = dir.resolve("sim");
        assertEquals(0, simulate(out).status());
        Files.writeString(out.resolve("SENTINEL"), "mine");
        simulate(out).assertBadInput(out.toString(), "SENTINEL");
        run("optimal", "--latency-dir", latency.toString(), "--requests", "10", "--time-limit", "1", "--out", out.toString()).assertBadInput(out.toString(), "no manifest.json");
        assertEquals("mine", Files.readString(out.resolve("SENTINEL")));
        Result forced = simulate(out, "--force", "--seed", "2");
        assertEquals(0, forced.status(), forced.err());
        assertEquals("mine", Files.readString(out.resolve("SENTINEL")));
        assertTrue(Files.readString(out.resolve("run.json")).contains("--seed 2"));

        // without the user's file, a rerun swaps the folder whole: the new result, no leftovers
        Files.delete(out.resolve("SENTINEL"));
        assertEquals(0, simulate(out, "--seed", "3").status());
        assertTrue(Files.readString(out.resolve("run.json")).contains("--seed 3"));
        assertEquals(List.of(), hiddenLeftovers());
    }

    // ---- 4. tune --out accepted a folder of unrelated files and marked it as a result ----

    @Test
    void tuneRefusesAForeignFolderAndAFileAndItsFolderIsNotSimulates() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep");
        List<String> before = tree(mine);
        Result r = tuneInto(mine);
        r.assertBadInput(mine.toString(), "notes.txt");
        assertEquals(before, tree(mine), "no run.json or marker added");

        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        tuneInto(file).assertBadInput(file.toString(), "is a file");

        Path tuned = dir.resolve("tuned");
        Result ok = tuneInto(tuned);
        assertEquals(0, ok.status(), ok.err());
        simulate(tuned).assertBadInput("cotenant tune");
        assertTrue(Files.exists(tuned.resolve("best.json")));
    }

    static Result tuneInto(Path out, String... extra) {
        return run(merge(List.of("tune", "--policy", "dysta", "--rates", "4", "--slo-mults", "10", "--requests", "20",
                "--train-traces", "1", "--validation-traces", "1", "--generations", "1", "--population", "2", "--threads", "1",
                "--out", out.toString()), extra));
    }

    // ---- 5, 6. concurrent runs into one folder ----

    @Test
    void aSecondRunIntoALockedFolderIsRefusedNamingTheHolder() throws IOException {
        String pid = Long.toString(ProcessHandle.current().pid());
        Path exp = dir.resolve("exp");
        Path tuned = dir.resolve("tuned");
        Path sim = dir.resolve("sim");
        try (FolderLock held = FolderLock.acquire(exp); FolderLock held2 = FolderLock.acquire(tuned); FolderLock held3 = FolderLock.acquire(sim)) {
            run("experiment", "run", "demo", "--quick", "--no-progress", "--out", exp.toString()).assertBadInput("in use by pid " + pid);
            tuneInto(tuned).assertBadInput("in use by pid " + pid);
            simulate(sim).assertBadInput("in use by pid " + pid);
        }
        assertFalse(Files.exists(exp) || Files.exists(tuned) || Files.exists(sim), "the refused runs wrote nothing");
        // A lock file left by a killed run (no process holds it) does not block: the kernel released its lock.
        Files.writeString(dir.resolve(".sim.lock"), "999999 dead\n");
        assertEquals(0, simulate(sim).status());
        assertEquals(List.of(), hiddenLeftovers(), "the lock file goes with the run that held it");
    }

    @Test
    void aRunInAnotherProcessHoldsItsLockUntilItEnds() throws Exception {
        // POSIX locks belong to a process and any close of the file drops them: only a second process shows the lock holds
        Path sim = dir.resolve("sim");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), sim.toString()).redirectErrorStream(true).start();
        try {
            assertEquals("held", new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream())).readLine());
            simulate(sim).assertBadInput("in use by pid " + holder.pid());
            assertFalse(Files.exists(sim));
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        assertEquals(0, simulate(sim).status()); // released when the holder ended
    }

    // ---- 7. impossible numbers printed with exit 0 ----

    @Test
    void degenerateNumbersAreRefusedNotPrinted() throws IOException {
        Path zeros = Files.createDirectories(dir.resolve("zeros"));
        Files.writeString(zeros.resolve("m.csv"), "batch-indx,layer-indx,overall-sparsity,sim_lat\n0,0,0.1,0\n0,1,0.1,0\n");
        simulate(dir.resolve("a"), "--latency-dir", zeros.toString()).assertBadInput("m.csv", "total latency 0");

        Path huge = Files.createDirectories(dir.resolve("huge"));
        Files.writeString(huge.resolve("m.csv"), "batch-indx,layer-indx,overall-sparsity,sim_lat\n0,0,0.1,1e308\n0,1,0.1,1e308\n");
        simulate(dir.resolve("b"), "--latency-dir", huge.toString()).assertBadInput("m.csv", "largest double");
        Path big = Files.createDirectories(dir.resolve("big"));
        Files.writeString(big.resolve("m.csv"), "batch-indx,layer-indx,overall-sparsity,sim_lat\n0,0,0.1,1e308\n");
        simulate(dir.resolve("c"), "--latency-dir", big.toString()).assertBadInput("trace", "largest double");

        simulate(dir.resolve("d"), "--rate", "1e-300").assertBadInput("trace", "higher arrival rate", "rounding"); // the kernel names no flag
        for (String out : List.of("a", "b", "c", "d")) assertFalse(Files.exists(dir.resolve(out)), out);
    }

    // ---- 8. bad input found after the manifest was written left a folder behind ----

    private static final String SPEC = "name: x\nworkload: {builtin: demo, requests: 20}\npolicies: [fcfs]\n"
            + "sweep: {arrival_rate_per_s: [4], slo_multiplier: [10], seeds: [1]}\n";

    private Result experiment(String yaml, Path out, String... extra) throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), yaml);
        List<String> args = new ArrayList<>(List.of("experiment", "run", "--spec", spec.toString(), "--no-progress", "--out", out.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void badInputOfAnExperimentLeavesNoFolder() throws IOException {
        Path out = dir.resolve("exp");
        Files.writeString(dir.resolve("garbage.txt"), "not a predictor\n");
        experiment(SPEC.replace("[fcfs]", "[fcfs, {predictor: {scheduler: dysta-learned, model: garbage.txt}}]"), out)
                .assertBadInput("garbage.txt");
        assertFalse(Files.exists(out), "no manifest marked interrupted");
        experiment(SPEC.replace("requests: 20", "requests: 1000000000"), out).assertBadInput("workload.requests", "GB", "at most");
        experiment(SPEC, out, "--threads", "40000").assertBadInput("--threads", "40000");
        assertFalse(Files.exists(out));
        assertEquals(List.of(), hiddenLeftovers());
    }

    // ---- 9. simulate --requests 10^9 died of OutOfMemoryError after 7 s ----

    @Test
    void aRequestCountThatCannotFitIsRefusedBeforeTheWork() {
        long started = System.nanoTime();
        simulate(dir.resolve("big"), "--requests", "1000000000").assertBadInput("--requests", "GB", "at most");
        assertTrue(System.nanoTime() - started < 2_000_000_000L, "refused at once, not after allocating");
        assertFalse(Files.exists(dir.resolve("big")));
    }

    // ---- 10. YAML seeds above 2^63 wrapped silently ----

    @Test
    void aSeedBeyondALongIsRefusedInASpecAsWithSeed() throws IOException {
        Path out = dir.resolve("exp");
        experiment(SPEC.replace("seeds: [1]", "seeds: [99999999999999999999]"), out).assertBadInput("sweep.seeds[0]", "out of range");
        simulate(dir.resolve("s"), "--seed", "99999999999999999999").assertBadInput("--seed");
        assertFalse(Files.exists(out));
    }

    // ---- 11. stack traces instead of one line ----

    @Test
    void awkwardFileNamesAndFoldersGiveOneLine() throws IOException {
        for (String name : List.of("a,b.csv", " lead.csv", "new\nline.csv", ".csv")) {
            Path odd = Files.createDirectories(dir.resolve("odd" + Math.abs(name.hashCode())));
            Files.copy(latency.resolve("alpha.csv"), odd.resolve(name));
            Result r = simulate(dir.resolve("o"), "--latency-dir", odd.toString());
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().strip().lines().count() <= 2 && r.err().contains("model name") && !r.err().contains("\tat "), r.err());
        }
        simulate(dir.resolve("p"), "--schedulers", "dysta-learned", "--predictor", latency.toString()).assertBadInput(latency.toString(), "folder");
        tuneInto(dir.resolve("t"), "--threads", "40000").assertBadInput("--threads");
        assertFalse(Files.exists(dir.resolve("o")) || Files.exists(dir.resolve("p")) || Files.exists(dir.resolve("t")));
    }

    // ---- 12. option-parse errors printed the whole usage ----

    @Test
    void anOptionErrorIsOneLineAndPointsToHelp() {
        run("simulate", "--nosuch", "--out", dir.resolve("x").toString()).assertBadInput("cotenant simulate", "--nosuch", "--help");
        run("optimal", "--out", dir.resolve("x").toString()).assertBadInput("--time-limit", "--help");
        run("simulate", "--rate", "fast", "--out", dir.resolve("x").toString()).assertBadInput("--rate", "fast");
    }

    // ---- 13. the wrong option or no location named ----

    @Test
    void errorsNameTheRightOptionLineAndColumn() throws IOException {
        tuneInto(dir.resolve("t"), "--policy", "nosuch").assertBadInput("--policy", "nosuch");
        // a tab where YAML expects indentation: the file, line and column
        Result r = experiment("name: x\nworkload:\n\tbuiltin: demo\n", dir.resolve("e"));
        r.assertBadInput("spec.yaml:3:1:", "tabs");
        assertFalse(Files.exists(dir.resolve("t")) || Files.exists(dir.resolve("e")));
    }

    // ---- 15. killed runs left staging folders and temporary files that later runs never cleaned ----

    @Test
    void aRunCleansWhatKilledRunsOfItsOutputLeft() throws IOException {
        Path out = dir.resolve("sim");
        assertEquals(0, simulate(out).status());
        Path staging = Files.createDirectories(dir.resolve(".sim.staging-1a2b3c"));
        Files.writeString(staging.resolve("metrics.csv"), "half");
        Files.createDirectories(dir.resolve(".sim.old-4d5e"));
        Files.writeString(dir.resolve(".sim.lock"), "12345 x\n");
        Files.writeString(dir.resolve(".other.staging-99"), "not sim's: kept");
        assertEquals(0, simulate(out).status());
        assertEquals(List.of(".other.staging-99"), hiddenLeftovers());

        Path exp = dir.resolve("exp");
        assertEquals(0, experiment(SPEC, exp).status());
        Files.writeString(exp.resolve(".metrics.csv.7f3a.tmp"), "73 MB once");
        Files.writeString(exp.resolve("plots").resolve(".a.png.99.tmp"), "x");
        Files.createDirectories(dir.resolve(".plots.staging-1")); // a sibling of another name: not exp's
        Files.createDirectories(exp.resolve(".plots.staging-abc"));
        Result again = experiment(SPEC, exp);
        assertEquals(0, again.status(), again.err());
        try (Stream<Path> files = Files.walk(exp)) {
            List<String> hidden = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && !n.equals(".cotenant-output.json")).toList();
            assertEquals(List.of(), hidden);
        }
    }

    // ---- 17. path-like and duplicate policy labels; a sweep too large to store ----

    @Test
    void labelsAreNamesNotPathsAndNotRepeated() throws IOException {
        Path out = dir.resolve("exp");
        experiment(SPEC.replace("[fcfs]", "[{scheduler: fcfs, label: ..}]"), out).assertBadInput("policies[0]", "'..'", "path");
        experiment(SPEC.replace("[fcfs]", "[{scheduler: fcfs, label: .}]"), out).assertBadInput("'.'");
        simulate(dir.resolve("s"), "--schedulers", "fcfs,fcfs").assertBadInput("--schedulers", "label 'fcfs' is used twice");
        Path best = Files.writeString(dir.resolve("best.json"), "{\"policy\": \"dysta\", \"parameters\": {\"beta\": 0.001}}");
        run("compare", "--rates", "4", "--slo-mults", "10", "--seeds", "1", "--requests", "10", "--time-limit", "1",
                "--policy", "..=" + best, "--out", dir.resolve("c").toString()).assertBadInput("--policy", "'..'");
        String huge = SPEC.replace("arrival_rate_per_s: [4]", "arrival_rate_per_s: " + java.util.stream.IntStream.rangeClosed(1, 1001)
                .mapToObj(i -> Integer.toString(i)).toList()).replace("seeds: [1]", "seeds: " + java.util.stream.IntStream.rangeClosed(1, 1000)
                .mapToObj(i -> Integer.toString(i)).toList());
        experiment(huge, out).assertBadInput("sweep", "1001000 points", "at most");
        assertFalse(Files.exists(out) || Files.exists(dir.resolve("s")) || Files.exists(dir.resolve("c")));
    }

    @Test
    void maxSecondsBoundsTheWallTimeIncludingCheckpoints() {
        long started = System.nanoTime();
        Result r = tuneInto(dir.resolve("t"), "--generations", "1000000", "--max-seconds", "1");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(0, r.status(), r.err());
        // 1 s of search plus validation and the last writes; each generation forcing a checkpoint to disk took minutes
        assertTrue(seconds < 10, "took " + seconds + " s"); // loose for a loaded machine; the old loop took minutes here
    }

    // ---- 14. a kill right after the last point left a manifest saying complete without the report ----

    @Test
    void theManifestSaysCompleteOnlyOnceTheReportIsInPlace() throws IOException {
        Path out = dir.resolve("exp");
        ExperimentSpec spec = SpecReader.parse(SPEC, "spec.yaml", dir);
        // what the CLI runs before it writes the report: a kill at this moment must not leave "complete" behind
        ExperimentRunner.run(spec, out, ExperimentRunner.Options.quiet(1).withReportFollowing());
        assertFalse(Files.exists(out.resolve("report.html")));
        assertFalse(Files.readString(out.resolve("manifest.json")).contains("\"status\" : \"complete\""));
        // the rerun finds every point stored, writes the report, and only then marks the run complete
        Result r = experiment(SPEC, out);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("1 points (1 already stored, 0 run)"), r.out());
        assertTrue(Files.exists(out.resolve("report.html")));
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"status\" : \"complete\""));
        assertTrue(Files.readString(out.resolve("report.html")).contains("<th>status</th><td>complete</td>"));
    }

    // ---- 16. the same seed gave different bytes: model-card.json key order, predictor.zip timestamps ----

    @Test
    void theSameTrainingGivesTheSameBytes() throws Exception {
        List<byte[]> cards = new ArrayList<>(), zips = new ArrayList<>();
        for (String name : List.of("p1", "p2")) {
            Result r = run("train-predictor", "--scenario", "dysta-datacentre-assistant", "--samples", "12", "--max-epochs", "2",
                    "--out", dir.resolve(name).toString());
            assertEquals(0, r.status(), r.err());
            cards.add(Files.readAllBytes(dir.resolve(name).resolve("model-card.json")));
            zips.add(Files.readAllBytes(dir.resolve(name).resolve("predictor.zip")));
            if (name.equals("p1")) Thread.sleep(2100); // the zip format stamps entries to 2 s: the second run is in another stamp
        }
        assertArrayEquals(cards.get(0), cards.get(1));
        assertArrayEquals(zips.get(0), zips.get(1));
        // keys sorted at every level, so the bytes do not depend on a map's iteration order in this JVM
        com.fasterxml.jackson.databind.JsonNode card = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cards.get(0));
        assertSorted(card);
    }

    private static void assertSorted(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            assertEquals(keys.stream().sorted().toList(), keys);
            node.elements().forEachRemaining(ReliabilityTest::assertSorted);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(ReliabilityTest::assertSorted);
        }
    }

    // ---- 11 (continued). an --out that cannot be created ----

    @Test
    void anOutThatCannotBeCreatedIsOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        simulate(file.resolve("sub")).assertBadInput(file.resolve("sub").toString(), "cannot create");
        assertEquals("x", Files.readString(file));
    }
}

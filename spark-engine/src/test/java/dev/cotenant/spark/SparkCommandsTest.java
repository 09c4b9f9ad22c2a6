package dev.cotenant.spark;

import dev.cotenant.experiments.cli.CotenantCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spec-builder commands with a sweep ({@code compare}, {@code moca-optimal}) take {@code --engine spark}
 * as {@code experiment run} does, and their report files are the local engine's: they are reports over the
 * stored rows and artefacts, which the Spark engine stores byte for byte as the local one.
 */
class SparkCommandsTest {
    @TempDir Path dir;

    private static String run(List<String> args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = CotenantCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args.toArray(String[]::new));
        assertEquals(0, status, String.join(" ", args) + ": " + err);
        return out.toString();
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    private static void assertSameFile(Path local, Path spark, String name) throws IOException {
        assertArrayEquals(Files.readAllBytes(local.resolve(name)), Files.readAllBytes(spark.resolve(name)), name);
    }

    /** MoCA's plan search on two 30-request windows of set C: the solves run on the executors, their files come back to the driver. */
    @Test
    void mocaOptimalOnSparkWritesTheLocalEnginesGapsPlansAndMetrics() throws IOException {
        List<String> common = List.of("moca-optimal", "--scenarios", "moca-c-h", "--requests", "30", "--windows", "0,100",
                "--policies", "moca,static-partition,prema", "--moves", "60", "--threads", "2");
        Path local = dir.resolve("local"), spark = dir.resolve("spark");
        run(with(common, "--out", local.toString()));
        run(with(common, "--out", spark.toString(), "--engine", "spark", "--master", "local[2]"));
        for (String name : List.of("metrics.csv", "gaps.csv", "plans.csv")) assertSameFile(local, spark, name);
        assertTrue(Files.readString(spark.resolve("manifest.json")).matches("(?s).*\"engine\"\\s*:\\s*\"spark\".*"), "the manifest records the engine");
    }

    /** Gaps to the offline optimum on the built-in tables, 2 loads x 1 SLO multiplier x 1 seed, solves bounded by moves. */
    @Test
    void compareOnSparkWritesTheLocalEnginesGaps() throws IOException {
        List<String> common = List.of("compare", "--loads", "0.5,0.9", "--slo-mults", "3", "--seeds", "1", "--requests", "20",
                "--schedulers", "fcfs,dysta", "--time-limit", "60", "--moves-per-request", "50", "--no-certify", "--no-progress", "--threads", "2");
        Path local = dir.resolve("local"), spark = dir.resolve("spark");
        String localOut = run(with(common, "--out", local.toString()));
        String sparkOut = run(with(common, "--out", spark.toString(), "--engine", "spark", "--master", "local[2]"));
        assertSameFile(local, spark, "gaps.csv");
        assertSameFile(local.resolve("demo"), spark.resolve("demo"), "metrics.csv");
        // the console's gap table is the same report over the same rows
        assertEquals(localOut.lines().filter(l -> l.startsWith("| demo")).toList(), sparkOut.lines().filter(l -> l.startsWith("| demo")).toList());
    }
}

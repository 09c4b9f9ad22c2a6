package dev.cotenant.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.cotenant.experiments.cli.CliTest.cotenant;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cotenant experiment} and {@code cotenant demo}: the files they promise, and exit status 2 on bad input. */
class ExperimentCliTest {
    @TempDir Path dir;

    @Test
    void listNamesEveryBuiltinWithItsPaperFigure() {
        CliTest.Result r = cotenant("experiment", "list");
        assertEquals(0, r.status(), r.err());
        for (String name : List.of("demo", "dysta-tradeoff-cnn", "dysta-breakdown-attention", "dysta-slo-stress-cnn", "dysta-rate-stress-attention")) {
            assertTrue(r.out().contains(name), name + " missing from:\n" + r.out());
        }
        assertTrue(r.out().contains("Sparse-DySta Fig. 12") && r.out().contains("Table 5"), r.out());
    }

    @Test
    void aQuickBuiltinWritesItsResultsChartsAndReport() throws IOException {
        Path out = dir.resolve("tradeoff");
        CliTest.Result r = cotenant("experiment", "run", "dysta-tradeoff-attention", "--quick", "--out", out.toString(), "--no-progress");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().strip().endsWith("Report:  " + out.resolve("report.html").toAbsolutePath().normalize()), r.out());
        // Quick: 3 loads x the scenario's SLO range x 2 seeds, 10 policies.
        assertEquals(1 + 3 * 2 * 10, Files.readAllLines(out.resolve("metrics.csv")).size());
        String manifest = Files.readString(out.resolve("manifest.json"));
        for (String key : List.of("\"spec_sha256\"", "\"git_commit\"", "\"machine\"", "\"seeds\"", "\"started\"", "\"finished\"",
                "\"wall_seconds_total\"", "\"spec\"", "\"status\" : \"complete\"")) {
            assertTrue(manifest.contains(key), key + " missing from manifest");
        }
        try (Stream<Path> plots = Files.list(out.resolve("plots"))) {
            List<String> names = plots.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList(); // not the marker
            assertTrue(names.containsAll(List.of("tradeoff_violation_antt.png", "violation_rate_vs_offered_load.png", "bars_antt.png")), names.toString());
            for (String n : names) {
                byte[] bytes = Files.readAllBytes(out.resolve("plots").resolve(n));
                if (n.endsWith(".svg")) {
                    assertTrue(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).contains("<svg"), n);
                    continue;
                }
                assertEquals((byte) 0x89, bytes[0]);
                assertEquals('P', bytes[1]);
                assertTrue(names.contains(n.replace(".png", ".svg")), "no SVG beside " + n); // every chart also as vector graphics
            }
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Sparse-DySta Fig. 12") && html.contains("plots/tradeoff_violation_antt.png"), "report lacks figure or chart");

        // Rerun: everything is stored, nothing runs, the metrics stay byte for byte.
        byte[] metrics = Files.readAllBytes(out.resolve("metrics.csv"));
        r = cotenant("experiment", "run", "dysta-tradeoff-attention", "--quick", "--out", out.toString(), "--no-progress", "--threads", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("6 points (6 already stored, 0 run)"), r.out());
        assertArrayEquals(metrics, Files.readAllBytes(out.resolve("metrics.csv")));
    }

    @Test
    void badSpecsAndForeignFoldersExitWithStatus2AndWriteNothing() throws IOException {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, "name: x\nworkload: {builtin: demo}\npolicies: [fcfs]\nsweep: {arrival_rate_per_s: [], slo_multiplier: [10], seeds: [1]}\n");
        Path out = dir.resolve("out");
        CliTest.Result r = cotenant("experiment", "run", "--spec", spec.toString(), "--out", out.toString());
        assertEquals(2, r.status());
        assertEquals("cotenant run: " + spec + ": sweep.arrival_rate_per_s: must not be empty", r.err().strip());
        assertTrue(Files.notExists(out));

        Path notes = Files.createDirectories(dir.resolve("mine")).resolve("notes.txt");
        Files.writeString(notes, "keep");
        r = cotenant("experiment", "run", "demo", "--quick", "--out", notes.getParent().toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("not an experiment's results"), r.err());
        assertEquals("keep", Files.readString(notes));

        assertEquals(2, cotenant("experiment", "run", "nope").status());
        assertEquals(2, cotenant("experiment", "run").status());
        assertEquals(2, cotenant("experiment", "run", "--spec", dir.resolve("missing.yaml").toString()).status());
    }

    @Test
    void demoIsAnExperimentThatEndsWithItsReport() throws IOException {
        Path out = dir.resolve("demo");
        CliTest.Result r = cotenant("demo", "--out", out.toString(), "--no-progress");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("SYNTHETIC"), r.out());
        assertTrue(r.out().strip().endsWith("Report:  " + out.resolve("report.html").toAbsolutePath().normalize()), r.out());
        assertEquals(1 + 4 * 3 * 10, Files.readAllLines(out.resolve("metrics.csv")).size());
        // A second demo starts over rather than resuming (it should reflect the current code).
        r = cotenant("demo", "--out", out.toString(), "--no-progress");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("12 points (0 already stored, 12 run)"), r.out());
    }
}

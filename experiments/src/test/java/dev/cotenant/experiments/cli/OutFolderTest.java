package dev.cotenant.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.cotenant.experiments.cli.CliTest.cotenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A command's --out replaces only an earlier command result; anything else is refused before the work, untouched. */
class OutFolderTest {
    @TempDir Path dir;

    private static final String[] SIMULATE = {"simulate", "--rate", "4", "--requests", "30", "--slo-mult", "10", "--seed", "1", "--schedulers", "fcfs"};

    private CliTest.Result simulateInto(Path out) {
        String[] args = java.util.Arrays.copyOf(SIMULATE, SIMULATE.length + 2);
        args[SIMULATE.length] = "--out";
        args[SIMULATE.length + 1] = out.toString();
        return cotenant(args);
    }

    @Test
    void anEarlierResultIsReplacedAndAnEmptyFolderFilled() throws Exception {
        Path out = dir.resolve("sim");
        assertEquals(0, simulateInto(out).status());
        assertEquals(0, simulateInto(out).status()); // holds run.json: a rerun replaces it
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(0, simulateInto(empty).status());
        assertTrue(Files.exists(empty.resolve("metrics.csv")));
    }

    @Test
    void anExperimentFolderOrForeignFilesAreRefusedAndKept() throws Exception {
        Path experiment = Files.createDirectories(dir.resolve("exp"));
        Files.writeString(experiment.resolve("manifest.json"), "{}");
        Files.writeString(experiment.resolve("metrics.csv"), "precious\n");
        CliTest.Result r = simulateInto(experiment);
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("manifest.json") && r.err().strip().lines().count() == 1, r.err());
        assertEquals("precious\n", Files.readString(experiment.resolve("metrics.csv")));

        Path foreign = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(foreign.resolve("thesis.tex"), "x");
        r = cotenant("compare", "--rates", "4", "--slo-mults", "10", "--seeds", "1", "--requests", "20", "--time-limit", "1",
                "--out", foreign.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("thesis.tex"), r.err());
        assertTrue(Files.exists(foreign.resolve("thesis.tex")));
        try (var entries = Files.list(dir)) { // no staging folder left behind
            assertTrue(entries.noneMatch(p -> p.getFileName().toString().startsWith(".")));
        }
    }
}

package dev.cotenant.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --engine} and {@code --master} of {@code experiment run}, {@code compare}, {@code moca} and {@code moca-optimal}
 * in this module, which has no Spark: the
 * spark engine is refused with one line saying how to get it, before any folder is made, and so are a
 * master without that engine and an unknown engine. (The spark engine itself is tested in spark-engine.)
 */
class EngineOptionTest {
    @TempDir Path dir;

    @Test
    void engineChoicesThatCannotRunHereAreOneLineBadInputAndWriteNothing() {
        Path out = dir.resolve("never");
        String[][] cases = {
                {"experiment", "run", "demo", "--quick", "--engine", "spark", "--out", out.toString()},
                {"experiment", "run", "demo", "--quick", "--master", "local[2]", "--out", out.toString()},
                {"experiment", "run", "demo", "--quick", "--engine", "dask", "--out", out.toString()},
                {"compare", "--loads", "0.5", "--slo-mults", "3", "--time-limit", "1", "--engine", "spark", "--out", out.toString()},
                {"moca", "--scenarios", "moca-a-h", "--master", "local[2]", "--out", out.toString()},
                {"moca-optimal", "--scenarios", "moca-a-h", "--engine", "spark", "--out", out.toString()},
        };
        String[] expected = {
                "--engine: spark: the Spark engine is not on the class path; run through ./cotenant",
                "--master: only applies with --engine spark",
                "--engine: unknown engine 'dask'; allowed: local, spark",
                "--engine: spark: the Spark engine is not on the class path; run through ./cotenant",
                "--master: only applies with --engine spark",
                "--engine: spark: the Spark engine is not on the class path; run through ./cotenant",
        };
        for (int i = 0; i < cases.length; i++) {
            CliTest.Result r = CliTest.cotenant(cases[i]);
            assertEquals(2, r.status(), String.join(" ", cases[i]));
            assertTrue(r.err().contains(expected[i]), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", cases[i]));
        }
    }

    @Test
    void theLocalEngineNamedIsTheDefault() {
        Path out = dir.resolve("local");
        CliTest.Result r = CliTest.cotenant("experiment", "run", "demo", "--quick", "--engine", "local", "--no-progress", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.exists(out.resolve("metrics.csv")));
    }
}

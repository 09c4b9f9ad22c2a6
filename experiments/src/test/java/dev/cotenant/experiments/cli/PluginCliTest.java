package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.plugin.PlugInJars;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example plug-in of examples/custom-scheduler, compiled from its sources into its own jar
 * (so the example keeps compiling against the API), through every command path a user takes.
 * Registries are process-wide, so the jar is built once and loaded from one path.
 */
class PluginCliTest {
    @TempDir static Path shared;
    static Path leastSlack;
    static Path thrower;
    @TempDir Path dir;

    @BeforeAll
    static void jars() throws IOException {
        String source = Files.readString(Path.of("../examples/custom-scheduler/src/main/java/example/LeastSlack.java"));
        leastSlack = PlugInJars.build(shared, "least-slack", Map.of("LeastSlack", source), Map.of(PlugInJars.SERVICE, List.of("LeastSlack")));
        thrower = PlugInJars.build(shared, "cli-thrower", Map.of("CliThrower", PlugInJars.scheduler("CliThrower", "cli-thrower",
                "ParameterSpace.EMPTY", "throw new IllegalStateException(\"not ready\");")), Map.of(PlugInJars.SERVICE, List.of("CliThrower")));
    }

    private String[] simulate(Path plugins, Path out, String schedulers) throws IOException {
        Path latency = Files.isDirectory(dir.resolve("latency")) ? dir.resolve("latency") : CliTest.writeLatencyDirectory(dir);
        return new String[] {"simulate", "--plugins", plugins.toString(), "--latency-dir", latency.toString(),
                "--rate", "20", "--requests", "40", "--slo-mult", "3", "--seed", "5", "--schedulers", schedulers, "--out", out.toString()};
    }

    @Test
    void schedulersListsThePlugInWithItsParameter() {
        CliTest.Result r = CliTest.cotenant("schedulers", "--plugins", leastSlack.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("least-slack   least slack first"), r.out());
        assertTrue(r.out().contains("estimateWeight = 1.0 in [0.0, 4.0]"), r.out());
    }

    @Test
    void simulateRunsThePlugInBesideBuiltInsWithParameterOverrides() throws IOException {
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.cotenant(simulate(leastSlack, out, "least-slack,least-slack:estimateWeight=0,fcfs"));
        assertEquals(0, r.status(), r.err());
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(List.of("least-slack", "least-slack:estimateWeight=0.0", "fcfs"),
                rows.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList());
    }

    @Test
    void aTunedPlugInsBestJsonIsAPolicySourceLikeAnyOther() throws IOException {
        Path tuned = dir.resolve("tuned");
        CliTest.Result t = TuneCommandTest.tune(tuned, "--policy", "least-slack", "--plugins", leastSlack.toString());
        assertEquals(0, t.status(), t.err());
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.cotenant(simulate(leastSlack, out, "tuned=" + tuned.resolve("best.json") + ",least-slack"));
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readAllLines(out.resolve("metrics.csv")).get(1).startsWith("tuned,"));
    }

    @Test
    void aMissingJarOrAPlugInThatThrowsIsOneLineWithExit2AndNothingWritten() throws IOException {
        Path out = dir.resolve("out");
        CliTest.Result missing = CliTest.cotenant(simulate(dir.resolve("none.jar"), out, "fcfs"));
        assertEquals(2, missing.status());
        assertEquals("cotenant simulate: " + dir.resolve("none.jar") + ": no such plug-in jar or folder", missing.err().strip());
        CliTest.Result threw = CliTest.cotenant(simulate(thrower, out, "cli-thrower"));
        assertEquals(2, threw.status());
        assertEquals(1, threw.err().strip().lines().count(), threw.err());
        assertTrue(threw.err().startsWith("cotenant simulate: cli-thrower.jar: plug-in scheduler 'cli-thrower': scheduler 'cli-thrower' threw "
                + "IllegalStateException (not ready) at decision 0"), threw.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}

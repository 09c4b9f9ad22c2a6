package dev.cotenant.experiments.spec;

import dev.cotenant.experiments.runner.MultiTileRunner;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.metrics.Metric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code setting: multi-tile} specs: validated with errors naming the key; run through MocaExperiment into a report. */
class MultiTileSpecTest {
    @TempDir Path dir;

    static final String SPEC = """
            name: mt
            workload: {setting: multi-tile, sets: [mixed], requests: 30}
            policies: [static-partition, {policy: moca, parameters: {contention_threshold: 2}}]
            sweep: {qos: [tight, loose], seeds: [1, 2]}
            """;

    static void assertNames(String yaml, String key, String words) {
        BadInputException e = assertThrows(BadInputException.class, () -> SpecReader.parseMultiTile(yaml, "t.yaml"));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void readsSetsQosPoliciesOverridesAndDefaultMetrics() {
        assertTrue(SpecReader.isMultiTile(SPEC));
        MultiTileExperimentSpec s = SpecReader.parseMultiTile(SPEC, "t.yaml");
        assertEquals(2, s.config().qosLevels().size());
        assertEquals(2.0, s.config().parametersOf("moca").get("contention_threshold"));
        assertEquals(List.of(Metric.SLA_SATISFACTION, Metric.STP, Metric.FAIRNESS), s.metrics());
        assertEquals("moca", s.subject());
        assertTrue(BuiltinExperiments.allMultiTile().containsKey("moca"), "the built-in moca experiment loads");
    }

    @Test
    void badInputNamesTheKeyAndWhatIsAllowed() {
        assertNames(SPEC.replace("[mixed]", "[mixd]"), "workload.sets[0]", "known: light, heavy, mixed");
        assertNames(SPEC.replace("[tight, loose]", "[tight, lax]"), "sweep.qos[1]", "known: tight, medium, loose");
        assertNames(SPEC.replace("[tight, loose]", "[]"), "sweep.qos", "");
        assertNames(SPEC.replace("static-partition", "dysta"), "policies[0]", "unknown multi-tile policy 'dysta'");
        assertNames(SPEC.replace("contention_threshold: 2", "contention: 2"), "policies[1].parameters", "contention");
        assertNames(SPEC.replace("contention_threshold: 2", "contention_threshold: 99"), "policies[1].parameters", "contention_threshold");
        assertNames(SPEC + "metrics: [p99_normalized_turnaround]\n", "metrics[0]", "not computed in the multi-tile setting");
        assertNames(SPEC + "subject: prema-tm\n", "subject", "not among the policies");
        assertNames(SPEC.replace("requests: 30", "requests: 30, tiles: 2"), "workload", "tiles");
        // A time-multiplexed spec may not borrow the multi-tile axis.
        BadInputException e = assertThrows(BadInputException.class, () -> SpecReader.parse("""
                name: x
                workload: {builtin: demo}
                policies: [dysta]
                sweep: {offered_load: [0.5], slo_multiplier: [5], qos: [tight], seeds: [1]}
                """, "t.yaml", null));
        assertTrue(e.getMessage().contains("sweep.qos"), e.getMessage());
    }

    @Test
    void runsIntoAReportSameRowsWhateverTheThreadsAndRefusesAForeignFolder() throws Exception {
        MultiTileExperimentSpec s = SpecReader.parseMultiTile(SPEC, "t.yaml");
        MultiTileRunner.Outcome one = MultiTileRunner.run(s, dir.resolve("one"), 1, List.of("test"));
        MultiTileRunner.Outcome two = MultiTileRunner.run(s, dir.resolve("two"), 2, List.of("test"));
        assertEquals(2 * 2 * 2, one.rows().size(), "2 QoS levels x 2 seeds x 2 policies");
        assertArrayEquals(Files.readAllBytes(dir.resolve("one/metrics.csv")), Files.readAllBytes(dir.resolve("two/metrics.csv")));
        for (String f : List.of("metrics.csv", "ratios.csv", "run.json", "report.html", "plots/bars_sla_satisfaction.png",
                "plots/bars_stp.png", "plots/bars_fairness.png")) {
            assertTrue(Files.exists(dir.resolve("one").resolve(f)), f);
        }
        // Rerunning the same experiment resumes it (nothing left to run); another experiment's folder is refused untouched.
        MultiTileRunner.run(s, dir.resolve("one"), 2, List.of("test"));
        Files.writeString(dir.resolve("other.txt"), "not results");
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThrows(BadInputException.class, () -> MultiTileRunner.run(s, foreign, 1, List.of("test")));
        assertEquals("mine", Files.readString(foreign.resolve("notes.txt")));
    }
}

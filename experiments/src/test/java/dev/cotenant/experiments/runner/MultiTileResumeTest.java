package dev.cotenant.experiments.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cotenant.experiments.spec.MultiTileExperimentSpec;
import dev.cotenant.experiments.spec.SpecReader;
import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A multi-tile run resumes point by point, like a time-multiplexed one. */
class MultiTileResumeTest {
    @TempDir Path dir;

    /** 1 set x 2 QoS levels x 3 seeds = 6 points (traces), 2 policies: 12 rows; cells of 3 points. */
    static final String SPEC = """
            name: mt-resume
            workload: {setting: multi-tile, sets: [mixed], requests: 40}
            policies: [static-partition, moca]
            sweep: {qos: [tight, loose], seeds: [1, 2, 3]}
            """;

    private static MultiTileRunner.Options options(MultiTileRunner.CellListener listener) {
        return new MultiTileRunner.Options(1, List.of("test"), false, false, System.err, listener);
    }

    @Test
    void aKilledRunFinishesOnlyTheRemainingPointsAndEndsByteIdentical() throws IOException {
        MultiTileExperimentSpec spec = SpecReader.parseMultiTile(SPEC, "t.yaml");
        MultiTileRunner.run(spec, dir.resolve("straight"), options(null));

        Path out = dir.resolve("killed");
        RuntimeException crash = assertThrows(RuntimeException.class, () -> MultiTileRunner.run(spec, out, options((done, total) -> {
            if (done == 3) throw new RuntimeException("simulated kill");
        })));
        assertEquals("simulated kill", crash.getMessage());
        assertEquals(1 + 3 * 2, Files.readAllLines(out.resolve("metrics.csv")).size(), "the first cell's 3 points are stored whole");
        assertEquals("interrupted", new ObjectMapper().readTree(out.resolve("run.json").toFile()).path("status").asText());

        List<Integer> stored = new ArrayList<>();
        MultiTileRunner.Outcome resumed = MultiTileRunner.run(spec, out, options((done, total) -> stored.add(done)));
        assertEquals(6, resumed.tracesTotal());
        assertEquals(3, resumed.tracesSkipped());
        assertEquals(List.of(6), stored, "one cell left to run, not two");
        assertArrayEquals(Files.readAllBytes(dir.resolve("straight/metrics.csv")), Files.readAllBytes(out.resolve("metrics.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("straight/ratios.csv")), Files.readAllBytes(out.resolve("ratios.csv")));
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals("complete", run.path("status").asText());
        assertEquals(2, run.path("sessions").size());
        assertEquals(3, run.path("sessions").get(1).path("points_skipped").asInt());
        assertTrue(Files.exists(out.resolve("report.html")));

        List<Integer> none = new ArrayList<>();
        assertEquals(6, MultiTileRunner.run(spec, out, options((done, total) -> none.add(done))).tracesSkipped());
        assertEquals(List.of(), none, "nothing left to run");
    }

    @Test
    void anotherSpecOfTheSameNameIsRefusedUnlessRestarted() throws IOException {
        MultiTileExperimentSpec spec = SpecReader.parseMultiTile(SPEC, "t.yaml");
        Path out = dir.resolve("out");
        MultiTileRunner.run(spec, out, options(null));
        byte[] metrics = Files.readAllBytes(out.resolve("metrics.csv"));
        MultiTileExperimentSpec quick = SpecReader.parseMultiTile(SPEC.replace("requests: 40", "requests: 20"), "t.yaml");
        BadInputException e = assertThrows(BadInputException.class, () -> MultiTileRunner.run(quick, out, options(null)));
        assertTrue(e.getMessage().contains("from another spec") && e.getMessage().contains("--restart"), e.getMessage());
        assertArrayEquals(metrics, Files.readAllBytes(out.resolve("metrics.csv")));
        MultiTileRunner.Outcome restarted = MultiTileRunner.run(quick, out, new MultiTileRunner.Options(1, List.of("test"), true, false, System.err));
        assertEquals(0, restarted.tracesSkipped());
        assertTrue(restarted.rows().stream().allMatch(r -> r.metrics().requests() == 20), "the old rows are gone, not resumed");
    }
}

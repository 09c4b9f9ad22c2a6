package dev.cotenant.experiments.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a resume says about the sessions before it: a killed one, and one on another git commit.
 * Isolated: test classes run concurrently (junit-platform.properties) and it sets the JVM-wide
 * {@code cotenant.git.commit}, which every run's manifest reads, so a resume in a class beside it would see the
 * commit change under it.
 */
@Isolated
class ResumeProvenanceTest {
    @TempDir Path dir;
    private final String commitBefore = System.getProperty("cotenant.git.commit");

    @AfterEach
    void restoreCommit() {
        if (commitBefore == null) System.clearProperty("cotenant.git.commit");
        else System.setProperty("cotenant.git.commit", commitBefore);
    }

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private ExperimentRunner.Options options(int threads, ExperimentRunner.BatchListener listener, boolean allowCommitChange) {
        return new ExperimentRunner.Options(threads, false, List.of("test"), listener, false, allowCommitChange,
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    /**
     * Leaves {@code out} as a SIGKILL after the second stored batch would: a SIGKILL runs no code, so the folder holds
     * exactly what the run had written by then. The listener runs after each batch's rows and manifest are stored; it
     * copies the files, the run is stopped, and the copies are put back over whatever the stopping code wrote.
     */
    private void killAfterSecondBatch(ExperimentSpec spec, Path out) throws IOException {
        Path snapshot = dir.resolve("snapshot");
        RuntimeException stop = assertThrows(RuntimeException.class, () -> ExperimentRunner.run(spec, out, options(1, (done, total) -> {
            if (done < 4) return;
            try {
                Files.createDirectories(snapshot);
                Files.copy(out.resolve("manifest.json"), snapshot.resolve("manifest.json"));
                Files.copy(out.resolve("metrics.csv"), snapshot.resolve("metrics.csv"));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            throw new RuntimeException("kill -9");
        }, false)));
        assertEquals("kill -9", stop.getMessage());
        Files.copy(snapshot.resolve("manifest.json"), out.resolve("manifest.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(snapshot.resolve("metrics.csv"), out.resolve("metrics.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aResumeAfterAKillSaysSoAndEndsCompleteWithBothSessionsTimed() throws IOException {
        System.setProperty("cotenant.git.commit", "c0ffee1");
        ExperimentSpec spec = ExperimentRunnerTest.spec(ExperimentRunnerTest.SPEC);
        ExperimentRunner.run(spec, dir.resolve("straight"), ExperimentRunner.Options.quiet(2));
        Path out = dir.resolve("killed");
        killAfterSecondBatch(spec, out);
        JsonNode killed = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("running", killed.path("status").asText(), "what a SIGKILL leaves");
        assertEquals(4, killed.path("points_done").asInt());

        ExperimentRunner.Outcome resumed = ExperimentRunner.run(spec, out, options(2, null, false));
        assertEquals(5, resumed.pointsRun(), "only the points the killed run had not stored");
        assertTrue(log.toString().contains("the previous run was killed (4 of 9 points stored); resuming"), log.toString());
        JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("complete", m.path("status").asText());
        assertEquals(1, m.path("sessions_interrupted").asInt());
        JsonNode first = m.path("sessions").get(0), second = m.path("sessions").get(1);
        assertTrue(first.path("ended").asText().startsWith("killed"), first.toString());
        assertEquals(4, first.path("points_run").asInt());
        assertTrue(first.path("wall_seconds").asDouble() > 0, "the killed session's time up to its last stored batch: " + first);
        assertEquals("complete", second.path("ended").asText());
        assertTrue(second.path("wall_seconds").asDouble() > 0);
        assertEquals(first.path("wall_seconds").asDouble() + second.path("wall_seconds").asDouble(), m.path("wall_seconds_total").asDouble(), 1e-9);
        assertArrayEquals(Files.readAllBytes(dir.resolve("straight/metrics.csv")), Files.readAllBytes(out.resolve("metrics.csv")));
    }

    @Test
    void aResumeOnAnotherCommitIsRefusedUnlessAllowedAndThenRecorded() throws IOException {
        System.setProperty("cotenant.git.commit", "aaaaaaa");
        ExperimentSpec spec = ExperimentRunnerTest.spec(ExperimentRunnerTest.SPEC);
        Path out = dir.resolve("out");
        killAfterSecondBatch(spec, out);
        byte[] metrics = Files.readAllBytes(out.resolve("metrics.csv"));
        byte[] manifest = Files.readAllBytes(out.resolve("manifest.json"));

        System.setProperty("cotenant.git.commit", "bbbbbbb");
        BadInputException e = assertThrows(BadInputException.class, () -> ExperimentRunner.run(spec, out, options(2, null, false)));
        assertTrue(e.getMessage().contains("stored rows were computed on commit aaaaaaa, this session runs bbbbbbb")
                && e.getMessage().contains("--allow-commit-change") && e.getMessage().contains("--restart"), e.getMessage());
        assertArrayEquals(metrics, Files.readAllBytes(out.resolve("metrics.csv")), "a refused resume writes nothing");
        assertArrayEquals(manifest, Files.readAllBytes(out.resolve("manifest.json")));

        ExperimentRunner.Outcome resumed = ExperimentRunner.run(spec, out, options(2, null, true));
        assertEquals(5, resumed.pointsRun());
        assertTrue(log.toString().contains("warning: ") && log.toString().contains("resuming anyway (--allow-commit-change)"), log.toString());
        JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals("stored rows were computed on commit aaaaaaa, this session runs bbbbbbb",
                m.path("sessions").get(1).path("commit_changed").asText());
        assertEquals("bbbbbbb", m.path("git_commit").asText());
    }

    @Test
    void uncommittedChangesOnTheSameCommitAreWarnedAboutNotRefused() throws IOException {
        System.setProperty("cotenant.git.commit", "aaaaaaa");
        ExperimentSpec spec = ExperimentRunnerTest.spec(ExperimentRunnerTest.SPEC);
        Path out = dir.resolve("out");
        killAfterSecondBatch(spec, out);
        System.setProperty("cotenant.git.commit", "aaaaaaa+dirty");
        assertEquals(5, ExperimentRunner.run(spec, out, options(2, null, false)).pointsRun());
        assertTrue(log.toString().contains("the code may differ"), log.toString());
    }
}

package dev.cotenant.experiments.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tuned entry is tuned once per result folder: cached, hashed into the manifest, and an input a resume checks. */
class ArtefactCacheTest {
    @TempDir Path dir;

    static final String SPEC = """
            name: tuned-test
            workload: {builtin: demo, requests: 200}
            policies:
              - dysta
              - {tuned: {scheduler: dysta, seed: 1001, generations: 2, population: 4, train_traces: 2, validation_traces: 2, requests: 60}}
            sweep:
              arrival_rate_per_s: [5, 8, 11]
              slo_multiplier: [5]
              seeds: [1, 2, 3]
            """;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private ExperimentRunner.Options options(ExperimentRunner.BatchListener listener) {
        return new ExperimentRunner.Options(1, false, List.of("test"), listener, false, false, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void aResumeReusesTheTunedVectorAndRefusesAnArtefactThatChanged() throws IOException {
        ExperimentSpec spec = ExperimentRunnerTest.spec(SPEC);
        Path out = dir.resolve("out");
        assertThrows(RuntimeException.class, () -> ExperimentRunner.run(spec, out, options((done, total) -> {
            if (done >= 4) throw new RuntimeException("stopped");
        })));
        Path best = out.resolve("artefacts/dysta-tuned/best.json");
        assertTrue(Files.exists(best));
        byte[] tuned = Files.readAllBytes(best);
        JsonNode first = new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).path("artefacts").path("dysta-tuned");
        assertEquals("tuned", first.path("how").asText());
        assertEquals(PolicyArtefacts.sha256(best), first.path("sha256").asText());
        assertTrue(log.toString().contains("dysta-tuned: tuning dysta (2 generations x 4"), log.toString());

        log.reset();
        ExperimentRunner.Outcome resumed = ExperimentRunner.run(spec, out, options(null));
        assertEquals(5, resumed.pointsRun());
        assertFalse(log.toString().contains("tuning"), "a resume must not tune again: " + log);
        assertArrayEquals(tuned, Files.readAllBytes(best));
        JsonNode again = new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).path("artefacts").path("dysta-tuned");
        assertEquals("cached", again.path("how").asText());
        assertEquals(first.path("sha256").asText(), again.path("sha256").asText());
        // The rows use the tuned vector: its label's rows differ from published dysta's somewhere, or the vector is the published one.
        double beta = again.path("parameters").path("beta").asDouble();
        assertEquals(beta, resumed.spec().policies().get(1).policy().parameter("beta"));

        // Another vector behind the stored rows would make them a function of an input the folder no longer holds.
        Files.writeString(best, new String(tuned, StandardCharsets.UTF_8).replaceFirst("\"beta\" : [0-9.eE-]+", "\"beta\" : 0.5"));
        byte[] manifest = Files.readAllBytes(out.resolve("manifest.json"));
        BadInputException e = assertThrows(BadInputException.class, () -> ExperimentRunner.run(spec, out, options(null)));
        assertArrayEquals(manifest, Files.readAllBytes(out.resolve("manifest.json")), "a refused resume writes nothing");
        assertTrue(e.getMessage().contains("policy 'dysta-tuned': its artefact artefacts/dysta-tuned/best.json has sha256")
                && e.getMessage().contains("--restart"), e.getMessage());
    }

    @Test
    void aPredictorIsTrainedOnceSharedByTheLearnedSchedulersAndReadBackOnResume() throws IOException {
        ExperimentSpec spec = ExperimentRunnerTest.spec("""
                name: learned-test
                workload: {builtin: demo, requests: 200}
                policies:
                  - dysta
                  - {predictor: {scheduler: dysta-learned, max_epochs: 2}}
                  - {predictor: {scheduler: sjf-learned, max_epochs: 2}}
                sweep:
                  arrival_rate_per_s: [5, 8]
                  slo_multiplier: [5]
                  seeds: [1, 2]
                """);
        Path out = dir.resolve("learned");
        assertThrows(RuntimeException.class, () -> ExperimentRunner.run(spec, out, options((done, total) -> {
            if (done >= 2) throw new RuntimeException("stopped");
        })));
        JsonNode a = new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).path("artefacts");
        assertEquals("trained", a.path("dysta-learned").path("how").asText());
        assertEquals(a.path("dysta-learned").path("file").asText(), a.path("sjf-learned").path("file").asText(), "one training for both");
        Path predictor = out.resolve(a.path("dysta-learned").path("file").asText());
        assertEquals(PolicyArtefacts.sha256(predictor), a.path("dysta-learned").path("sha256").asText());
        assertEquals(1, log.toString().split("training the predictor", -1).length - 1, log.toString());

        log.reset();
        ExperimentRunner.Outcome resumed = ExperimentRunner.run(spec, out, options(null));
        assertEquals(2, resumed.pointsRun());
        assertFalse(log.toString().contains("training the predictor"), "a resume must not train again: " + log);
        assertEquals("cached", new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).path("artefacts").path("sjf-learned")
                .path("how").asText());
        assertEquals(4 * 3, resumed.store().rows().size());
    }
}

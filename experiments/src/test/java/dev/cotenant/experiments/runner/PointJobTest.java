package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.policy.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What a sweep engine ships to another JVM: a {@link PointJob} that went through Java serialisation
 * (as Spark sends it) and rebuilt its spec and workload there must give the driver's rows bit for bit,
 * including the entries that needed the driver's work first (a tuned vector, a trained predictor)
 * and a scenario workload generated from its name.
 */
class PointJobTest {
    @TempDir Path dir;

    static final String SPEC = """
            name: shipped
            workload: {scenario: dysta-datacentre-assistant, samples_per_model: 8, requests: 120}
            policies:
              - fcfs
              - sdrm3:alpha=0.5
              - {tuned: {scheduler: sdrm3, objective: antt, seed: 1001, generations: 3, population: 6, train_traces: 2, validation_traces: 2, requests: 60}}
              - {predictor: {scheduler: dysta-learned, samples: 10, max_epochs: 2}, label: learned}
              - {optimum: {moves_per_request: 20, time_limit_s: 600}, label: optimal}
            sweep:
              offered_load: [0.7, 0.9]
              slo_multiplier: [3]
              seeds: [1, 2]
            """;

    @Test
    void aJobSerialisedAndRebuiltGivesTheDriversRowsBitForBit() throws Exception {
        ExperimentSpec spec = ExperimentRunnerTest.spec(SPEC);
        ExperimentWorkload workload = new ExperimentWorkload(spec);
        ExperimentSpec resolved = PolicyArtefacts.resolve(spec, workload, dir, 1, new PrintStream(PrintStream.nullOutputStream())).spec();
        PolicySpec tuned = resolved.policies().get(2);
        // Otherwise shipping could drop the tuned vector and still match (both would be the published one).
        assertFalse(java.util.Arrays.equals(Policy.published("sdrm3").parameters(), tuned.policy().parameters()),
                "the tuner found the published vector; the test would not see a lost tuned vector");
        assertNotNull(resolved.policies().get(3).policy().predictor());

        PointJob driver = PointJob.of(resolved, workload);
        PointJob shipped = roundTrip(driver);
        List<SweepPoint> points = workload.points();
        List<ExperimentRow> expected = driver.newEvaluator().evaluate(points, 1);
        List<ExperimentRow> actual = shipped.newEvaluator().evaluate(points, 1);
        // 4 points x (4 schedules + the optimum and its two bounds)
        assertEquals(4 * 7, expected.size());
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).point(), actual.get(i).point());
            assertEquals(expected.get(i).policy(), actual.get(i).policy());
            assertEquals(expected.get(i).requests(), actual.get(i).requests());
            assertArrayEquals(expected.get(i).metrics(), actual.get(i).metrics(), "row " + i + " (" + expected.get(i).policy() + ")");
        }
        assertEquals(resolved.policyLabels(), shipped.spec().policyLabels());
    }

    @Test
    void aMocaJobShipsItsSetsRuntimeAndVectors() throws Exception {
        ExperimentSpec spec = ExperimentRunnerTest.spec("""
                name: shipped-moca
                workload: {setting: moca, sets: [a, c], artifact_runtime: true}
                policies: [moca, "static-partition", "moca:budget=200"]
                sweep: {slo_multiplier: [1.0], seeds: [777, 3]}
                metrics: [sla_satisfaction]
                """);
        ExperimentWorkload workload = new ExperimentWorkload(spec);
        PointJob driver = PointJob.of(spec, workload);
        PointJob shipped = roundTrip(driver);
        List<SweepPoint> points = workload.points();
        List<ExperimentRow> expected = driver.newEvaluator().evaluate(points, 1);
        List<ExperimentRow> actual = shipped.newEvaluator().evaluate(points, 1);
        assertEquals(2 * 2 * 3, expected.size()); // sets x seeds x policies
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).point(), actual.get(i).point());
            assertEquals(expected.get(i).policy(), actual.get(i).policy());
            assertArrayEquals(expected.get(i).metrics(), actual.get(i).metrics(), "row " + i + " (" + expected.get(i).policy() + ")");
        }
        assertEquals(spec.toJson(), shipped.spec().toJson(), "the rebuilt spec is the driver's, artifact runtime and sets included");
    }

    static PointJob roundTrip(PointJob job) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(job);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (PointJob) in.readObject();
        }
    }
}

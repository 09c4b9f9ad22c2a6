package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.SpecReader;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.moca.MocaEvaluator;
import dev.cotenant.simulator.moca.MocaMetrics;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaSet;
import dev.cotenant.simulator.moca.MocaTraces;
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

/**
 * A {@code setting: moca} spec runs through the one runner into the one layout: every row is what
 * {@link MocaEvaluator} gives for the same policy on the same trace, and an interrupted run resumes
 * to the same bytes.
 */
class MocaSpecTest {
    @TempDir Path dir;

    /** Sets A and C at QoS high and low, the artifact's seed and one other, three policies: 2 x 2 x 2 = 8 points, 24 rows. */
    static final String SPEC = """
            name: moca-small
            workload:
              setting: moca
              sets: [a, c]
            sweep:
              slo_multiplier: [0.8, 1.2]
              seeds: [777, 5]
            policies:
              - moca
              - static-partition
              - moca:budget=200
            """;

    static ExperimentSpec spec() { return SpecReader.parse(SPEC, "moca-small.yaml", null); }

    @Test
    void rowsAreMocaEvaluatorsOnTheSameTraces() throws IOException {
        ExperimentRunner.Outcome o = ExperimentRunner.run(spec(), dir.resolve("out"), ExperimentRunner.Options.quiet(2));
        List<ExperimentRow> rows = o.store().rows();
        assertEquals(8 * 3, rows.size());
        int i = 0;
        for (String set : List.of("a", "c")) {
            for (double scale : List.of(0.8, 1.2)) {
                for (long seed : List.of(777L, 5L)) {
                    for (int p = 0; p < 3; p++) {
                        ExperimentRow r = rows.get(i++);
                        String policy = p == 1 ? "static-partition" : "moca";
                        double[] params = MocaPolicies.defaults(policy);
                        if (p == 2) params[MocaPolicies.space("moca").indexOf("moca", "budget")] = 200;
                        MocaMetrics m = MocaEvaluator.metrics(policy, params,
                                MocaTraces.generated(MocaSet.valueOf(set.toUpperCase()), scale, (int) seed), false);
                        assertEquals(set, r.point().workload());
                        assertEquals(scale, r.point().sloMultiplierMin());
                        assertEquals(seed, r.point().seed());
                        assertEquals(250, r.requests());
                        assertEquals(m.sla(), r.get(Metric.SLA_SATISFACTION), 0.0);
                        assertEquals(m.slaHighPriority(), r.get(Metric.SLA_SATISFACTION_PRIORITY_9_11), 0.0);
                        assertEquals(m.stpCorrected(), r.get(Metric.MOCA_STP), 0.0);
                        assertEquals(m.stpAsWritten(), r.get(Metric.MOCA_STP_AS_WRITTEN), 0.0);
                        assertEquals(m.fairnessCorrected(), r.get(Metric.FAIRNESS), 0.0);
                        assertEquals(m.fairnessAsWritten(), r.get(Metric.MOCA_FAIRNESS_AS_WRITTEN), 0.0);
                        assertTrue(Double.isNaN(r.get(Metric.ANTT)), "the time-multiplexed metrics stay empty");
                    }
                }
            }
        }
        assertEquals("moca:budget=200.0", rows.get(2).policy()); // the CLI's label of an override
        // Seed 777 at scale 0.8 is the artifact's moca-a-h: docs/moca.md's physical-runtime table gives SLA 0.824 for moca there.
        assertEquals(0.824, rows.get(0).get(Metric.SLA_SATISFACTION), 1e-12);
        // ... and its offered load column is the trace's own (no load axis: as generated).
        assertEquals(MocaTraces.scenario("moca-a-h").offeredLoad(), rows.get(0).point().offeredLoad(), 0.0);
    }

    @Test
    void anInterruptedRunResumesToTheSameBytes() throws IOException {
        ExperimentSpec spec = spec();
        ExperimentRunner.run(spec, dir.resolve("straight"), ExperimentRunner.Options.quiet(1));
        Path out = dir.resolve("killed");
        List<Integer> seen = new ArrayList<>();
        // One thread: batches of 2 points; die as the second batch is stored (4 of 8 points).
        RuntimeException crash = assertThrows(RuntimeException.class, () -> ExperimentRunner.run(spec, out,
                new ExperimentRunner.Options(1, false, List.of(), (done, total) -> {
                    seen.add(done);
                    if (done >= 4) throw new RuntimeException("simulated kill");
                }, false)));
        assertEquals("simulated kill", crash.getMessage());
        assertEquals(List.of(2, 4), seen);
        assertEquals(1 + 4 * 3, Files.readAllLines(out.resolve("metrics.csv")).size());

        ExperimentRunner.Outcome resumed = ExperimentRunner.run(spec, out, ExperimentRunner.Options.quiet(2));
        assertEquals(4, resumed.pointsSkipped());
        assertEquals(4, resumed.pointsRun());
        assertArrayEquals(Files.readAllBytes(dir.resolve("straight/metrics.csv")), Files.readAllBytes(out.resolve("metrics.csv")));
    }

    @Test
    void aMocaSpecRefusesWhatItsSettingDoesNotHave() {
        String base = SPEC.replace("  - moca:budget=200\n", "");
        assertThrows(BadInputException.class, () -> SpecReader.parse(base + "metrics: [antt]\n", "s.yaml", null));
        assertThrows(BadInputException.class, () -> SpecReader.parse(base.replace("- static-partition", "- dysta"), "s.yaml", null));
        assertThrows(BadInputException.class, () -> SpecReader.parse(base.replace("sets: [a, c]", "sets: [d]"), "s.yaml", null));
        assertThrows(BadInputException.class, () -> SpecReader.parse(base + "kernel: {artifact_clock: true}\n", "s.yaml", null));
    }
}

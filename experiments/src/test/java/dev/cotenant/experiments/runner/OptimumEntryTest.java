package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.spec.BuiltinExperiments;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.OptimumArtefacts;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.simulator.kernel.CompiledTrace;
import dev.cotenant.simulator.kernel.TimeMultiplexedKernel;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.metrics.RunMetrics;
import dev.cotenant.simulator.policy.FixedOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in heuristics-vs-optimum, shrunk: the optimum row is a schedule, measured like the others, and the best of them. */
class OptimumEntryTest {
    @TempDir static Path dir;
    /** The tiny experiment run on two threads, shared by both tests (each run solves 12 optima, most of this class's time). */
    static ExperimentRunner.Outcome two;

    @BeforeAll
    static void runOnTwoThreads() throws IOException {
        two = ExperimentRunner.run(tiny(), dir.resolve("two"), ExperimentRunner.Options.quiet(2));
    }

    /** The built-in with 60 requests per trace and two seeds: 3 loads x 2 SLO multipliers x 2 seeds = 12 points. */
    static ExperimentSpec tiny() {
        ExperimentSpec b = BuiltinExperiments.load("heuristics-vs-optimum");
        ExperimentSpec.WorkloadSpec w = b.workload();
        return new ExperimentSpec(b.name(), b.title(), b.paper(), b.description(),
                new ExperimentSpec.WorkloadSpec(w.source(), w.sourceName(), w.samplesPerModel(), 60, w.sangerSequenceLength()), b.kernel(),
                b.policies(), new ExperimentSpec.SweepSpec(b.sweep().loadAxis(), b.sweep().loads(), b.sweep().sloMultipliers(), List.of(1L, 2L)),
                b.metrics());
    }

    @Test
    void theOptimalRowIsNeverWorseThanAnyHeuristicInWeightedMissesAndTheBoundsAreBelowIt() throws IOException {
        Map<Integer, List<ExperimentRow>> byPoint = two.store().rows().stream().collect(Collectors.groupingBy(r -> r.point().index()));
        assertEquals(12, byPoint.size());
        int heuristics = 0;
        boolean someHeuristicMisses = false;
        for (List<ExperimentRow> rows : byPoint.values()) {
            ExperimentRow optimal = rows.stream().filter(r -> r.policy().equals("optimal")).findFirst().orElseThrow();
            double optimalMisses = optimal.get(Metric.PRIORITY_WEIGHTED_VIOLATION_RATE);
            for (ExperimentRow r : rows) {
                if (r.policy().startsWith("optimal")) continue;
                heuristics++;
                // The lexicographic optimum puts misses first; the optimiser starts from the best heuristic, so it can only improve on it.
                assertTrue(optimalMisses <= r.get(Metric.PRIORITY_WEIGHTED_VIOLATION_RATE) + 1e-12,
                        "point " + optimal.point() + ": optimal " + optimalMisses + " > " + r.policy() + " " + r.get(Metric.PRIORITY_WEIGHTED_VIOLATION_RATE));
                someHeuristicMisses |= r.get(Metric.PRIORITY_WEIGHTED_VIOLATION_RATE) > optimalMisses;
            }
            ExperimentRow family = rows.stream().filter(r -> r.policy().equals("optimal" + PolicySpec.FAMILY_BOUND_SUFFIX)).findFirst().orElseThrow();
            ExperimentRow any = rows.stream().filter(r -> r.policy().equals("optimal" + PolicySpec.RELAXATION_BOUND_SUFFIX)).findFirst().orElseThrow();
            assertTrue(family.get(Metric.PRIORITY_WEIGHTED_VIOLATION_RATE) <= optimalMisses + 1e-12);
            assertTrue(any.get(Metric.PRIORITY_WEIGHTED_VIOLATION_RATE) <= family.get(Metric.PRIORITY_WEIGHTED_VIOLATION_RATE) + 1e-12);
            assertTrue(any.get(Metric.ANTT) <= optimal.get(Metric.ANTT) + 1e-12 && any.get(Metric.ANTT) >= 1, "ANTT is at least 1: " + any.get(Metric.ANTT));
            assertTrue(Double.isNaN(any.get(Metric.VIOLATION_RATE)), "a bound row leaves what it does not bound undefined");
        }
        assertEquals(12 * 10, heuristics);
        assertTrue(someHeuristicMisses, "on no point did a heuristic miss more than the optimum: the comparison would test nothing");
    }

    /**
     * Every stored point keeps its solve's files, and they describe the stored row: summary.json's ANTT is the
     * optimiser's cost of the order the row measured, requests.csv has one line per request, schedule.csv one per layer run.
     */
    @Test
    void everyPointKeepsItsSolvesFilesAndTheyAgreeWithItsRow() throws IOException {
        for (ExperimentRow row : two.store().rows()) {
            if (!row.policy().equals("optimal")) continue;
            Path files = OptimumArtefacts.folder(two.store().folder(), "optimal", row.point().index());
            com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(files.resolve(OptimumArtefacts.SUMMARY).toFile());
            assertEquals(row.requests(), summary.get("requests").asInt());
            assertEquals(row.get(Metric.ANTT), summary.get("optimal").get("antt").asDouble(), 1e-9 * row.get(Metric.ANTT));
            assertEquals(1 + row.requests(), java.nio.file.Files.readAllLines(files.resolve(OptimumArtefacts.REQUESTS)).size());
            assertEquals(1 + summary.get("busy_periods").get("count").asInt(),
                    java.nio.file.Files.readAllLines(files.resolve(OptimumArtefacts.BUSY_PERIODS)).size());
            // every request runs at least one layer
            assertTrue(java.nio.file.Files.readAllLines(files.resolve(OptimumArtefacts.SCHEDULE)).size() > row.requests());
        }
    }

    @Test
    void theOptimalRowIsTheKernelsRunOfTheOptimisersOrderAndDoesNotDependOnThreads() throws IOException {
        ExperimentSpec spec = tiny();
        ExperimentRunner.run(spec, dir.resolve("one"), ExperimentRunner.Options.quiet(1));
        assertArrayEquals(Files.readAllBytes(dir.resolve("one/metrics.csv")), Files.readAllBytes(dir.resolve("two/metrics.csv")));

        // Point 7: the optimiser called directly on that point's trace, its order run by the plain kernel, measured by RunMetrics.
        SweepPoint p = two.workload().points().get(7);
        CompiledTrace trace = two.workload().trace(p);
        PolicySpec entry = spec.policies().stream().filter(PolicySpec::isOptimum).findFirst().orElseThrow();
        OfflineOptimizer.Solution s = OfflineOptimizer.solve(trace, entry.optimum().optimizerSettings(), null);
        RunMetrics direct = RunMetrics.of(trace, new TimeMultiplexedKernel().run(trace, FixedOrder.ofSequence(s.sequence())));
        ExperimentRow row = two.store().rows().stream().filter(r -> r.point().index() == 7 && r.policy().equals("optimal")).findFirst().orElseThrow();
        for (Metric m : Metric.values()) assertEquals(direct.get(m), row.get(m), m.columnName());
    }
}

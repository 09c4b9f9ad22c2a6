package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.SpecReader;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.setting.TimeMultiplexedSetting;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import dev.cotenant.simulator.trace.TraceCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code workload.traces} on the time-multiplexed setting: each file runs as it is, one point per file. */
class TraceFileSpecTest {
    @TempDir Path dir;

    /**
     * The files hold exactly the traces a generated-trace spec makes (the Poisson generator at rate 6/s, SLO 5, seeds 3
     * and 4, written in full precision), so both specs must give the same metrics bit for bit, point for point.
     */
    @Test
    void aTraceFileRunsAsTheGeneratedTraceItHoldsAndEachFileIsAPoint() throws IOException {
        LatencyDirectory demo = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        Path traces = Files.createDirectories(dir.resolve("traces"));
        for (long seed : new long[] {3, 4}) {
            TraceCsv.write(PoissonTraceGenerator.generate(demo, 80, 6, 5, 5, TimeMultiplexedSetting.publishedPriorities(), seed), demo,
                    traces.resolve("seed" + seed + ".csv"));
        }
        Files.writeString(traces.resolve("notes.txt"), "not a trace: ignored");
        String policies = "policies: [fcfs, dysta]\nmetrics: [violation_rate, antt, priority_weighted_violation_rate]\n";
        ExperimentSpec files = SpecReader.parse("name: files\nworkload: {builtin: demo, traces: traces}\nsweep: {}\n" + policies, "files.yaml", dir);
        ExperimentSpec generated = SpecReader.parse("name: generated\nworkload: {builtin: demo, requests: 80}\n"
                + "sweep: {arrival_rate_per_s: [6], slo_multiplier: [5], seeds: [3, 4]}\n" + policies, "generated.yaml", dir);
        assertEquals(2, files.pointCount());
        List<ExperimentRow> fromFiles = ExperimentRunner.run(files, dir.resolve("a"), ExperimentRunner.Options.quiet(2)).store().rows();
        List<ExperimentRow> fromGenerator = ExperimentRunner.run(generated, dir.resolve("b"), ExperimentRunner.Options.quiet(2)).store().rows();
        assertEquals(4, fromFiles.size());
        for (int i = 0; i < 4; i++) {
            ExperimentRow f = fromFiles.get(i), g = fromGenerator.get(i);
            assertEquals(g.policy(), f.policy());
            assertEquals(i < 2 ? "seed3.csv" : "seed4.csv", f.point().workload(), "files in name order, one point each");
            assertEquals(80, f.requests());
            for (Metric m : List.of(Metric.VIOLATION_RATE, Metric.ANTT, Metric.PRIORITY_WEIGHTED_VIOLATION_RATE)) {
                assertEquals(g.get(m), f.get(m), f.policy() + " " + m.columnName());
            }
            // the point's rate is the file's own: 79 gaps over the span from the first to the last arrival, near the generator's 6/s
            assertTrue(Math.abs(f.point().arrivalRatePerSecond() - 6) < 2, "rate " + f.point().arrivalRatePerSecond());
        }
    }

    @Test
    void aSweepOrATunedEntryOverTraceFilesIsRefusedAtItsKey() throws IOException {
        Path traces = Files.createDirectories(dir.resolve("traces"));
        LatencyDirectory demo = BuiltinLatencyDirectories.load(BuiltinLatencyDirectories.DEMO);
        TraceCsv.write(PoissonTraceGenerator.generate(demo, 10, 6, 5, 5, TimeMultiplexedSetting.publishedPriorities(), 1), demo,
                traces.resolve("t.csv"));
        BadInputException e = assertThrows(BadInputException.class, () -> SpecReader.parse(
                "name: x\nworkload: {builtin: demo, traces: traces}\nsweep: {seeds: [1]}\npolicies: [fcfs]\n", "x.yaml", dir));
        assertTrue(e.getMessage().contains("sweep.seeds: applies to generated traces"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> SpecReader.parse("name: x\nworkload: {builtin: demo, traces: traces}\nsweep: {}\n"
                + "policies: [{tuned: {scheduler: dysta}}]\n", "x.yaml", dir));
        assertTrue(e.getMessage().contains("tune --traces"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> SpecReader.parse(
                "name: x\nworkload: {builtin: demo, traces: nowhere}\nsweep: {}\npolicies: [fcfs]\n", "x.yaml", dir));
        assertTrue(e.getMessage().contains("workload.traces") && e.getMessage().contains("no such file or folder"), e.getMessage());
    }
}

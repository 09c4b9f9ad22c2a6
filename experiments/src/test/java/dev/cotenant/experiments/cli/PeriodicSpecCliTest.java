package dev.cotenant.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.cotenant.experiments.cli.CliTest.cotenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Periodic (XR) scenarios through experiment specs and the tuner: the same numbers as simulate --scenario. */
class PeriodicSpecCliTest {
    @TempDir Path dir;

    private static final String POLICIES = "fcfs,edf,planaria,dysta";

    @Test
    void aPeriodicSpecsRowsEqualSimulateOnTheSameSeed() throws IOException {
        Path spec = dir.resolve("xr.yaml");
        // Two loads on the 0.7 scenario: 0.7 is its own load, 1.5 scales the same streams (same seed, same tables) to
        // what the registered -load1.5 scenario is, so each point must equal simulate on that scenario.
        Files.writeString(spec, """
                name: xr-spec
                workload: {scenario: xr-vr-gaming-load0.7, samples_per_model: 4, requests: 200}
                policies: [fcfs, edf, planaria, dysta]
                sweep: {offered_load: [0.7, 1.5], seeds: [3]}
                metrics: [xr_score, worst_model_miss_rate, drop_rate]
                """);
        Path out = dir.resolve("exp");
        CliTest.Result run = cotenant("experiment", "run", "--spec", spec.toString(), "--out", out.toString(), "--no-progress", "--threads", "1");
        assertEquals(0, run.status(), run.err());
        List<Map<String, String>> rows = rows(out.resolve("metrics.csv"));
        assertEquals(2 * 4, rows.size());
        for (String load : List.of("0.7", "1.5")) {
            Path sim = dir.resolve("sim" + load);
            CliTest.Result s = cotenant("simulate", "--scenario", "xr-vr-gaming-load" + load, "--samples", "4", "--requests", "200",
                    "--seed", "3", "--schedulers", POLICIES, "--out", sim.toString());
            assertEquals(0, s.status(), s.err());
            List<Map<String, String>> simulated = rows(sim.resolve("metrics.csv"));
            for (Map<String, String> expected : simulated) {
                Map<String, String> actual = rows.stream().filter(r -> r.get("offered_load").equals(load)
                        && r.get("policy").equals(expected.get("scheduler"))).findFirst().orElseThrow();
                int compared = 0;
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    if (!actual.containsKey(e.getKey()) || e.getKey().equals("requests")) continue;
                    assertEquals(e.getValue(), actual.get(e.getKey()), load + " " + expected.get("scheduler") + " " + e.getKey());
                    compared++;
                }
                // simulate's 12 metric columns (violation_rate .. xr_score); its per-priority column is not a Metric
                assertEquals(12, compared, "every metric column simulate writes");
                assertEquals("200", actual.get("requests"));
            }
        }
        // At load 1.5 FCFS cannot finish every frame (at most 1 / 1.5 of the work fits): late frames are dropped.
        Map<String, String> fcfs = rows.stream().filter(r -> r.get("offered_load").equals("1.5") && r.get("policy").equals("fcfs"))
                .findFirst().orElseThrow();
        assertTrue(Double.parseDouble(fcfs.get("drop_rate")) > 0, fcfs.toString());
        assertTrue(Files.readString(out.resolve("report.html")).contains("xr_score"), "the report shows the asked metrics");
        // a periodic condition is its scenario and load: no SLO multiplier in the rows or the report's labels
        for (Map<String, String> row : rows) {
            assertEquals("xr-vr-gaming-load0.7", row.get("workload"));
            assertEquals("NaN", row.get("slo_multiplier_min"));
        }
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("<h3>xr-vr-gaming-load0.7, load 1.50 (46.7/s)</h3>"), "conditions labelled by scenario and load");
        assertFalse(report.contains("SLO x1") || report.contains("SLO xNaN"), "no SLO label on periodic conditions");
    }

    @Test
    void aNominalPeriodicScenarioWithoutLoadsRunsAtItsNominalRates() throws IOException {
        Path spec = dir.resolve("nominal.yaml");
        Files.writeString(spec, """
                name: xr-nominal
                workload: {scenario: xr-vr-gaming, samples_per_model: 4, requests: 150}
                policies: [edf]
                sweep: {seeds: [4]}
                metrics: [xr_score]
                """);
        Path out = dir.resolve("exp");
        assertEquals(0, cotenant("experiment", "run", "--spec", spec.toString(), "--out", out.toString(), "--no-progress").status());
        Path sim = dir.resolve("sim");
        assertEquals(0, cotenant("simulate", "--scenario", "xr-vr-gaming", "--samples", "4", "--requests", "150", "--seed", "4",
                "--schedulers", "edf", "--out", sim.toString()).status());
        Map<String, String> row = rows(out.resolve("metrics.csv")).get(0);
        Map<String, String> simulated = rows(sim.resolve("metrics.csv")).get(0);
        assertEquals(simulated.get("xr_score"), row.get("xr_score"));
        assertEquals(simulated.get("violation_rate"), row.get("violation_rate"));
        // The offered load column is the streams' nominal load: VR gaming offers about 5.3 times this accelerator (docs/realtime.md).
        assertEquals(5.3, Double.parseDouble(row.get("offered_load")), 0.2);
    }

    @Test
    void aTunedEntryOfAPeriodicSpecTrainsOnPeriodicTracesAtTheSweepsLoad() throws IOException {
        Path spec = dir.resolve("tuned.yaml");
        Files.writeString(spec, """
                name: xr-tuned
                workload: {scenario: xr-vr-gaming, samples_per_model: 4, requests: 150}
                policies: [edf, {tuned: {scheduler: dysta, objective: "max:xr_score", seed: 1001, generations: 2, population: 4,
                                         train_traces: 2, validation_traces: 2, requests: 100}}]
                sweep: {offered_load: [1.5], seeds: [1]}
                metrics: [xr_score, drop_rate]
                """);
        Path out = dir.resolve("exp");
        CliTest.Result r = cotenant("experiment", "run", "--spec", spec.toString(), "--out", out.toString(), "--no-progress");
        assertEquals(0, r.status(), r.err());
        List<Map<String, String>> validation = rows(out.resolve("artefacts/dysta-tuned/validation.csv"));
        // the tuner's load axis is the sweep's offered load (1.5), not an arrival rate; its traces carry the late drops
        assertTrue(validation.stream().allMatch(v -> v.get("rate_per_s").equals("1.5")), validation.toString());
        assertTrue(validation.stream().filter(v -> v.get("policy").equals("fcfs")).allMatch(v -> Double.parseDouble(v.get("drop_rate")) > 0));
        assertEquals(2, rows(out.resolve("metrics.csv")).size());
    }

    @Test
    void theOptimumOfAPeriodicSpecWithDropsAndChainsIsTheOptimalCommandsRowAndBeatsNoPolicy() throws IOException {
        // xr-vr-gaming has a chain (fbnetc waits for ritnet) and late drops. The spec's optimum row and
        // `optimal --scenario` solve the same trace with the same kernel rules and a move budget that binds
        // before the time limit, so their metric rows are equal column by column, drop rate and XR score included.
        Path spec = dir.resolve("xr-optimum.yaml");
        Files.writeString(spec, """
                name: xr-optimum
                workload: {scenario: xr-vr-gaming-load1.5, samples_per_model: 4, requests: 60}
                policies: [fcfs, edf, sjf, {optimum: {time_limit_s: 60, moves_per_request: 20, certify: {limit: 1}}, label: optimal}]
                sweep: {seeds: [3]}
                metrics: [xr_score, worst_model_miss_rate, drop_rate]
                """);
        Path out = dir.resolve("exp-optimum");
        CliTest.Result run = cotenant("experiment", "run", "--spec", spec.toString(), "--out", out.toString(), "--no-progress", "--threads", "1");
        assertEquals(0, run.status(), run.err());
        List<Map<String, String>> rows = rows(out.resolve("metrics.csv"));
        Map<String, String> optimum = rows.stream().filter(r -> r.get("policy").equals("optimal")).findFirst().orElseThrow();
        Path single = dir.resolve("optimal");
        CliTest.Result o = cotenant("optimal", "--scenario", "xr-vr-gaming-load1.5", "--samples", "4", "--requests", "60", "--seed", "3",
                "--time-limit", "60", "--moves-per-request", "20", "--certify-limit", "1", "--out", single.toString());
        assertEquals(0, o.status(), o.err());
        Map<String, String> alone = rows(single.resolve("metrics.csv")).get(0);
        int compared = 0;
        for (String column : List.of("violation_rate", "antt", "priority_weighted_violation_rate", "worst_model_miss_rate", "drop_rate", "xr_score")) {
            assertEquals(alone.get(column), optimum.get(column), column);
            compared++;
        }
        assertEquals(6, compared);
        assertTrue(Double.parseDouble(optimum.get("drop_rate")) > 0, "at load 1.5 frames are dropped");
        // the optimum's weighted misses (drops included) are never above a policy's: the search starts from the best of them
        for (Map<String, String> r : rows) {
            if (List.of("fcfs", "edf", "sjf").contains(r.get("policy"))) {
                assertTrue(Double.parseDouble(optimum.get("violation_rate")) <= Double.parseDouble(r.get("violation_rate")), r.get("policy"));
            }
        }
        // bound rows: misses no schedule beats, at most the optimum's
        Map<String, String> certified = rows.stream().filter(r -> r.get("policy").equals("optimal-lower-bound-certified")).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(certified.get("priority_weighted_violation_rate")) <= Double.parseDouble(optimum.get("priority_weighted_violation_rate")));
    }

    @Test
    void badPeriodicSpecsAndTuneOptionsExitWithStatusTwoAndOneLine() throws IOException {
        String[] sweeps = {"{arrival_rate_per_s: [3], seeds: [1]}", "{slo_multiplier: [2], seeds: [1]}"};
        String[] problems = {"sweep.arrival_rate_per_s: scenario xr-vr-gaming-load0.7 is periodic", "sweep.slo_multiplier: scenario xr-vr-gaming-load0.7 is periodic"};
        for (int i = 0; i < sweeps.length; i++) {
            Path spec = dir.resolve("bad" + i + ".yaml");
            Files.writeString(spec, "name: bad\nworkload: {scenario: xr-vr-gaming-load0.7}\npolicies: [edf]\nsweep: " + sweeps[i] + "\n");
            Path out = dir.resolve("never" + i);
            CliTest.Result r = cotenant("experiment", "run", "--spec", spec.toString(), "--out", out.toString(), "--no-progress");
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().contains(problems[i]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out));
        }
        // An optimum entry runs with the scenario's drops and chains; certifying the worst-model objective is refused
        // while reading the spec (CP-SAT proves weighted misses, its second key).
        Path optimum = dir.resolve("optimum.yaml");
        Files.writeString(optimum, "name: bad\nworkload: {scenario: xr-vr-gaming-load0.7}\n"
                + "policies: [edf, {optimum: {objective: worst_model_miss_rate, certify: {}}}]\nsweep: {seeds: [1]}\n");
        CliTest.Result o = cotenant("experiment", "run", "--spec", optimum.toString(), "--out", dir.resolve("never-optimum").toString(), "--no-progress");
        assertEquals(2, o.status(), o.err());
        assertTrue(o.err().contains("policies[1].optimum.certify: does not apply with objective: worst_model_miss_rate"), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertFalse(Files.exists(dir.resolve("never-optimum")));
        Path out = dir.resolve("never-tuned");
        CliTest.Result r = cotenant("tune", "--policy", "dysta", "--scenario", "xr-vr-gaming-load0.7", "--rates", "3", "--out", out.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("--rates: scenario xr-vr-gaming-load0.7 is periodic"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void tuningOnAPeriodicScenarioIsDeterministicForASeedWhateverTheThreads() throws IOException {
        for (String objective : List.of("max:xr_score", "worst_model_miss_rate")) {
            String[] common = {"tune", "--policy", "dysta", "--scenario", "xr-vr-gaming-load1.5", "--samples", "4", "--requests", "120",
                    "--train-traces", "2", "--validation-traces", "2", "--generations", "2", "--population", "4", "--seed", "7",
                    "--objective", objective};
            Path one = dir.resolve(objective.replace(':', '-') + "-1");
            Path two = dir.resolve(objective.replace(':', '-') + "-2");
            CliTest.Result a = cotenant(concat(common, "--threads", "1", "--out", one.toString()));
            assertEquals(0, a.status(), a.err());
            assertEquals(0, cotenant(concat(common, "--threads", "2", "--out", two.toString())).status());
            // best.json records the search's wall time, the one thing allowed to differ
            assertEquals(withoutWallTime(one.resolve("best.json")), withoutWallTime(two.resolve("best.json")));
            assertEquals(Files.readString(one.resolve("validation.csv")), Files.readString(two.resolve("validation.csv")));
            List<Map<String, String>> validation = rows(one.resolve("validation.csv"));
            Set<String> trainingSeeds = new HashSet<>();
            for (Map<String, String> v : validation) {
                // the tuner's load axis is the offered load on a periodic scenario: the scenario's own 1.5
                assertEquals("1.5", v.get("rate_per_s"));
                if (v.get("set").equals("training")) trainingSeeds.add(v.get("seed"));
            }
            for (Map<String, String> v : validation) {
                if (v.get("set").equals("validation")) assertFalse(trainingSeeds.contains(v.get("seed")), "held-out seeds are never trained on");
            }
            // Periodic traces with the scenario's late drops: at load 1.5 FCFS must drop frames on every held-out trace.
            assertTrue(validation.stream().filter(v -> v.get("policy").equals("fcfs") && v.get("set").equals("validation"))
                    .allMatch(v -> Double.parseDouble(v.get("drop_rate")) > 0), "fcfs drops at load 1.5");
        }
    }

    private static List<String> withoutWallTime(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.contains("\"search_seconds\"")).toList();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<Map<String, String>> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",", -1);
        return lines.subList(1, lines.size()).stream().map(line -> {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) row.put(header[i], cells[i]);
            return row;
        }).toList();
    }
}

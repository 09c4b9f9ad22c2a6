package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.spec.BuiltinExperiments;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.experiments.spec.SpecNode;
import dev.cotenant.experiments.spec.SpecSetting;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.search.tune.TraceDistribution;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.evaluate.Racing;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.setting.Setting;
import dev.cotenant.simulator.setting.TracePoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.cotenant.experiments.cli.CliTest.cotenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A third setting is one {@link Setting} (with its kernel) and one {@link SpecSetting}, registered as
 * a service (test resources: META-INF/services): this test adds a toy one and runs a spec over it
 * through {@code cotenant experiment run}, the runner, the store and the report, none of which knows it.
 *
 * <p>The toy: one server; a trace is {@code requests} jobs all arriving at 0, job i of size i + 1
 * units of {@code unit_s} seconds. Policy {@code order} runs them shortest first ({@code longest_first
 * = 0}) or longest first (1). With 3 jobs, shortest first finishes at 1, 3, 6 units: normalised
 * turnarounds 1/1, 3/2, 6/3, ANTT 1.5; longest first finishes at 3, 5, 6: 3/3, 5/2, 6/1, ANTT
 * (1 + 2.5 + 6) / 3 = 19/6. Either way the 6 units at unit_s 0.5 take 3 s: 1 inference per second.
 */
class ThirdSettingTest {
    @TempDir Path dir;

    @Test
    void aSpecRunsOverARegisteredThirdSetting() throws Exception {
        Path spec = Files.writeString(dir.resolve("toy.yaml"), """
                name: toy
                workload: {setting: toy-queue, requests: 3, unit_s: 0.5}
                policies: [order, {scheduler: order, parameters: {longest_first: 1}, label: longest}]
                sweep: {offered_load: [0.5], seeds: [1, 2]}
                metrics: [antt, throughput_inf_per_s]
                """);
        Path out = dir.resolve("out");
        CliTest.Result run = cotenant("experiment", "run", "--spec", spec.toString(), "--out", out.toString(), "--no-progress", "--threads", "2");
        assertEquals(0, run.status(), run.err());
        List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(1 + 2 * 2, lines.size()); // 2 seeds x 2 policies
        List<String> header = List.of(lines.get(0).split(","));
        for (String row : lines.subList(1, lines.size())) {
            String[] f = row.split(",");
            boolean longest = f[header.indexOf("policy")].equals("longest");
            assertEquals(longest ? 19.0 / 6 : 1.5, Double.parseDouble(f[header.indexOf("antt")]), 1e-12, row);
            assertEquals(1.0, Double.parseDouble(f[header.indexOf("throughput_inf_per_s")]), 1e-12, row);
            assertEquals("NaN", f[header.indexOf("violation_rate")], row); // a metric the toy does not define
            assertEquals("3", f[header.indexOf("requests")], row);
        }
        String manifest = Files.readString(out.resolve("manifest.json"));
        assertTrue(manifest.contains("\"setting\" : \"toy-queue\""), manifest);
        assertTrue(manifest.contains("\"unit_s\" : 0.5"), manifest); // the setting's own key is in the fingerprinted spec
        assertTrue(Files.exists(out.resolve("report.html")));
        // rerun: every point is stored, nothing is run again
        assertEquals(0, cotenant("experiment", "run", "--spec", spec.toString(), "--out", out.toString(), "--no-progress").status());
        assertEquals(lines, Files.readAllLines(out.resolve("metrics.csv")));
    }

    @Test
    void itsKeysAreCheckedWhereTheSpecGivesThem() throws Exception {
        Path spec = Files.writeString(dir.resolve("bad.yaml"), """
                name: toy
                workload: {setting: toy-queue, requests: 3, unit_s: -1}
                policies: [order]
                sweep: {offered_load: [0.5], seeds: [1]}
                """);
        CliTest.Result run = cotenant("experiment", "run", "--spec", spec.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("bad.yaml: workload.unit_s: must be > 0; got -1.0"), run.err());
        assertFalse(Files.exists(dir.resolve("out")));
        Path kernel = Files.writeString(dir.resolve("kernel.yaml"), Files.readString(spec).replace("unit_s: -1", "unit_s: 1")
                + "kernel: {drop: late}\n");
        run = cotenant("experiment", "run", "--spec", kernel.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("kernel.yaml: kernel: applies to the time-multiplexed setting, not to the toy-queue setting"), run.err());
    }

    /**
     * {@code cotenant tune} reaches the toy through its spec side alone ({@code scenarios}, {@code tuning}). Every
     * longest_first below 1 runs shortest first, ANTT 1.5 on 3 jobs (see above), the least there is, and the
     * published vector (0) is in the first population: so the tuned vector's training and held-out ANTT are exactly 1.5.
     */
    @Test
    void tuneRunsOverTheThirdSettingThroughItsSpecSide() throws Exception {
        Path out = dir.resolve("tuned");
        CliTest.Result run = cotenant("tune", "--policy", "order", "--scenario", "toy-three-jobs", "--objective", "antt", "--generations", "2",
                "--population", "4", "--train-traces", "2", "--validation-traces", "2", "--threads", "1", "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        var best = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("best.json").toFile());
        assertEquals(1.5, best.at("/result/training/tuned").asDouble(), 1e-12, best.toString());
        assertEquals(1.5, best.at("/result/validation/tuned_mean").asDouble(), 1e-12, best.toString());
        assertTrue(best.at("/parameters/longest_first").asDouble() < 1, best.toString());
        String manifest = Files.readString(out.resolve("run.json"));
        assertTrue(manifest.contains("\"data\" : \"toy: 3 jobs at time 0\""), manifest);
        // a setting that does not implement tuning is refused at the option that chose it
        CliTest.Result refused = cotenant("tune", "--policy", "order", "--scenario", "toy-untunable", "--out", dir.resolve("no").toString());
        assertEquals(2, refused.status(), refused.err());
        assertEquals("cotenant tune: --scenario: setting toy-untunable cannot be tuned", refused.err().strip());
        assertFalse(Files.exists(dir.resolve("no")));
    }

    /**
     * The toy has no offline optimum, and says nothing about one: {@link SpecSetting#batch}'s default refuses an
     * {@code optimum} entry (the built-in heuristics-vs-optimum's, labelled {@code optimal}) at its label, before
     * any session is opened (none is given here).
     */
    @Test
    void anOptimumEntryOnASettingWithoutOneIsRefusedAtItsLabel() {
        ExperimentSpec b = BuiltinExperiments.load("heuristics-vs-optimum");
        List<PolicySpec> entries = b.policies().stream().filter(p -> p.isOptimum() || p.label().equals("fcfs")).toList();
        ExperimentSpec spec = new ExperimentSpec(b.name(), b.title(), b.paper(), b.description(), b.workload(), b.kernel(), entries, b.sweep(), b.metrics());
        BadInputException e = assertThrows(BadInputException.class, () -> new ToyQueueSpec().batch(spec, null, List.of(), List.of(), 1, null));
        assertEquals("optimal: setting toy-queue has no offline optimum", e.getMessage());
    }

    /** The toy's spec side: workload {@code requests} and {@code unit_s}; sweep {@code offered_load} (unused) and {@code seeds}. */
    public static final class ToyQueueSpec implements SpecSetting {
        static final ParameterSpace ORDER = ParameterSpace.of(new Parameter("longest_first", 0, 0, 1, Parameter.Scale.LINEAR, "1: longest job first"));

        @Override
        public String name() { return "toy-queue"; }

        @Override
        public ExperimentSpec.WorkloadSpec workload(SpecNode w, Path baseDir) {
            w.allowOnly("setting", "requests", "unit_s");
            double unit = w.required("unit_s").number();
            if (!(unit > 0)) throw w.get("unit_s").error("must be > 0; got " + unit);
            var options = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("unit_s", unit);
            return new ExperimentSpec.WorkloadSpec(name(), null, "", 0, w.integer("requests", 3, 1), 0, List.of(), options);
        }

        @Override
        public ExperimentSpec.SweepSpec sweep(SpecNode s, ExperimentSpec.WorkloadSpec w) {
            s.allowOnly("offered_load", "seeds");
            List<Double> loads = new ArrayList<>();
            for (SpecNode n : s.required("offered_load").nonEmptyList()) loads.add(n.number());
            List<Long> seeds = new ArrayList<>();
            for (SpecNode n : s.required("seeds").nonEmptyList()) seeds.add(n.integer());
            return new ExperimentSpec.SweepSpec(ExperimentSpec.LoadAxis.OFFERED_LOAD, loads, List.of(), seeds);
        }

        @Override
        public ParameterSpace space(String policy) {
            if (!policy.equals("order")) throw new dev.cotenant.simulator.BadInputException("unknown toy policy '" + policy + "'; known: order");
            return ORDER;
        }

        @Override
        public Set<Metric> metrics() { return EnumSet.of(Metric.ANTT, Metric.THROUGHPUT_INF_PER_S); }

        @Override
        public List<Metric> defaultMetrics() { return List.of(Metric.ANTT); }

        @Override
        public List<String> scenarios() { return List.of("toy-three-jobs"); }

        /** Three jobs (or {@code --requests}) of half-second units, at one offered load (unused) and SLO multiplier 1. */
        @Override
        public Tuning tuning(TuneOptions o) {
            int requests = o.requests() == null ? 3 : o.requests();
            return new Tuning(new ToyQueue(0.5, this), new TraceDistribution(0.5, 0.5, 1, 1, requests), "toy: " + requests + " jobs at time 0",
                    "back to back");
        }

        @Override
        public Built build(ExperimentSpec spec) {
            List<SweepPoint> points = new ArrayList<>();
            for (double load : spec.sweep().loads()) {
                for (long seed : spec.sweep().seeds()) points.add(new SweepPoint(points.size(), load, Double.NaN, Double.NaN, Double.NaN, seed));
            }
            ToyQueue setting = new ToyQueue(spec.workload().options().get("unit_s").asDouble(), this);
            return new Built(setting, points, p -> new TracePoint("", p.seed(), p.offeredLoad(), Double.NaN, spec.workload().requests()));
        }
    }

    /** The toy under another name and scenario, its spec side without {@code tuning}: tune refuses it. */
    public static final class UntunableToySpec implements SpecSetting {
        private final ToyQueueSpec toy = new ToyQueueSpec();

        @Override
        public String name() { return "toy-untunable"; }

        @Override
        public List<String> scenarios() { return List.of("toy-untunable"); }

        @Override
        public ExperimentSpec.WorkloadSpec workload(SpecNode w, Path baseDir) { return toy.workload(w, baseDir); }

        @Override
        public ExperimentSpec.SweepSpec sweep(SpecNode s, ExperimentSpec.WorkloadSpec w) { return toy.sweep(s, w); }

        @Override
        public ParameterSpace space(String policy) { return toy.space(policy); }

        @Override
        public Set<Metric> metrics() { return toy.metrics(); }

        @Override
        public List<Metric> defaultMetrics() { return toy.defaultMetrics(); }

        @Override
        public Built build(ExperimentSpec spec) { return toy.build(spec); }
    }

    /** The toy setting and its kernel: the jobs in the policy's order, back to back. */
    record ToyQueue(double unitSeconds, ToyQueueSpec spec) implements Setting {
        @Override
        public String name() { return "toy-queue"; }

        @Override
        public List<String> baselines() { return List.of("order"); }

        @Override
        public ParameterSpace space(String policy) { return spec.space(policy); }

        @Override
        public Set<Metric> metrics() { return spec.metrics(); }

        @Override
        public String describe() { return "one server, jobs of 1..n units at time 0"; }

        @Override
        public Session open(List<TracePoint> points, int threads) {
            return new Session() {
                @Override
                public int traceCount() { return points.size(); }

                @Override
                public int requestCount(int trace) { return points.get(trace).requestCount(); }

                @Override
                public Metrics evaluate(List<? extends Contender> contenders, Racing racing) {
                    return new Metrics() {
                        @Override
                        public double get(int c, int t, Metric metric) {
                            boolean longest = ((PolicyVector) contenders.get(c)).parameters()[0] == 1;
                            int n = points.get(t).requestCount();
                            double clock = 0, normalised = 0;
                            for (int i = 0; i < n; i++) {
                                int size = longest ? n - i : i + 1;
                                clock += size;
                                normalised += clock / size;
                            }
                            return switch (metric) {
                                case ANTT -> normalised / n;
                                case THROUGHPUT_INF_PER_S -> n / (clock * unitSeconds);
                                default -> Double.NaN;
                            };
                        }

                        @Override
                        public int tracesRun(int contender) { return points.size(); }
                    };
                }

                @Override
                public void close() {}
            };
        }
    }
}

package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.multitile.MocaWorkloads.WorkloadSet;
import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;
import dev.cotenant.simulator.workload.scenario.Scenarios.QoS;

import java.util.ArrayList;
import java.util.Collections;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.LongStream;

/**
 * MoCA's evaluation on this kernel: workload sets x QoS levels x policies x seeds, each run's
 * metrics, and the subject policy's ratio to each baseline. A plain API a CLI command wraps:
 * <pre>
 *   List&lt;Row&gt; rows = MocaExperiment.run(MocaExperiment.Config.defaults());
 *   List&lt;Ratio&gt; ratios = MocaExperiment.ratios(rows, "moca");
 *   String markdown = MocaExperiment.markdown(rows, ratios);
 * </pre>
 * One trace per (set, QoS, seed) is shared by every policy, so policies are compared on identical
 * arrivals, models, samples, priorities and targets.
 */
public final class MocaExperiment {
    private MocaExperiment() {}

    /**
     * @param policyParameters per policy name, parameters replacing its published defaults (a tuner's candidate vector,
     *                         or an ablation); policies not named run their published vector
     * @param sparseSamples    0 for MoCA's dense networks; otherwise the sets' sparse variants with that many samples per model
     *                         (the setting {@code moca-dysta} is for)
     * @param requestTiles     fewest tiles every request needs (1: any tile runs a layer); more than the accelerator has is bad input
     */
    public record Config(MultiTileHardware hardware, List<WorkloadSet> workloadSets, List<QoS> qosLevels, List<String> policies,
                         Map<String, Map<String, Double>> policyParameters, List<Long> seeds, int requestsPerTrace, double offeredLoad,
                         int sparseSamples, int requestTiles) {
        /** Offered load meaning "each scenario's own" ({@link Scenario#offeredLoad()}). */
        public static final double SCENARIO_LOAD = 0;
        /** MoCA and its three baselines, the paper's comparison. */
        public static final List<String> PAPER_POLICIES = List.of("static-partition", "prema-tm", "planaria-fission", "moca");

        public Config {
            workloadSets = List.copyOf(workloadSets);
            qosLevels = List.copyOf(qosLevels);
            policies = List.copyOf(policies);
            Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
            policyParameters.forEach((name, values) -> copy.put(name, Map.copyOf(values)));
            policyParameters = Collections.unmodifiableMap(copy);
            seeds = List.copyOf(seeds);
            if (workloadSets.isEmpty()) throw BadInputException.at("sets", "needs at least one workload set");
            if (qosLevels.isEmpty()) throw BadInputException.at("qos", "needs at least one QoS level");
            if (policies.isEmpty()) throw BadInputException.at("policies", "needs at least one policy");
            for (String p : policies) MultiTilePolicies.withOverrides(p, parametersOf(policyParameters, p)); // unknown names, bad values fail before any run
            for (String p : policyParameters.keySet()) {
                if (!policies.contains(p)) throw BadInputException.at("policy parameters", "'" + p + "' is not among the policies run: " + policies);
            }
            if (requestsPerTrace < 1) throw BadInputException.at("requests", "must be at least 1, got " + requestsPerTrace);
            if (seeds.isEmpty()) throw BadInputException.at("seeds", "needs at least one seed");
            if (!(offeredLoad >= 0) || Double.isInfinite(offeredLoad)) {
                throw BadInputException.at("load", "must be positive (or 0 for each scenario's own), got " + offeredLoad);
            }
            if (sparseSamples < 0) throw BadInputException.at("sparseSamples", "must be >= 0, got " + sparseSamples);
            if (requestTiles < 1 || requestTiles > hardware.tiles()) {
                throw BadInputException.at("tiles", "a request needs " + requestTiles + " tiles, the accelerator has " + hardware.tiles());
            }
        }

        /** Every set and QoS level, MoCA and its three baselines, 5 seeds of 300 requests at each scenario's load, dense. */
        public static Config defaults() {
            return new Config(MultiTileHardware.moca(), List.of(WorkloadSet.values()), List.of(QoS.values()), PAPER_POLICIES, Map.of(),
                    seeds(5), 300, SCENARIO_LOAD, 0, 1);
        }

        /** The sparse sets with {@code moca-dysta} beside MoCA and its baselines. */
        public static Config sparseDefaults() {
            List<String> policies = new ArrayList<>(PAPER_POLICIES);
            policies.add("moca-dysta");
            return defaults().withPolicies(policies).withSparseSamples(8);
        }

        /** Seeds {@code 1..count}. */
        public static List<Long> seeds(int count) {
            if (count < 1) throw BadInputException.at("seeds", "must be at least 1, got " + count);
            return LongStream.rangeClosed(1, count).boxed().toList();
        }

        /** The parameters replacing {@code policy}'s defaults (empty if none). */
        public Map<String, Double> parametersOf(String policy) { return parametersOf(policyParameters, policy); }

        private static Map<String, Double> parametersOf(Map<String, Map<String, Double>> all, String policy) {
            return all.getOrDefault(policy, Map.of());
        }

        public Config withHardware(MultiTileHardware h) {
            return new Config(h, workloadSets, qosLevels, policies, policyParameters, seeds, requestsPerTrace, offeredLoad, sparseSamples, requestTiles);
        }

        public Config withWorkloadSets(List<WorkloadSet> sets) {
            return new Config(hardware, sets, qosLevels, policies, policyParameters, seeds, requestsPerTrace, offeredLoad, sparseSamples, requestTiles);
        }

        public Config withQosLevels(List<QoS> levels) {
            return new Config(hardware, workloadSets, levels, policies, policyParameters, seeds, requestsPerTrace, offeredLoad, sparseSamples, requestTiles);
        }

        /** Other policies; parameter overrides of policies no longer run are dropped. */
        public Config withPolicies(List<String> names) {
            Map<String, Map<String, Double>> kept = new LinkedHashMap<>(policyParameters);
            kept.keySet().retainAll(names);
            return new Config(hardware, workloadSets, qosLevels, names, kept, seeds, requestsPerTrace, offeredLoad, sparseSamples, requestTiles);
        }

        /** {@code policy} runs with {@code parameters} replacing its defaults (replacing earlier overrides of it). */
        public Config withPolicyParameters(String policy, Map<String, Double> parameters) {
            Map<String, Map<String, Double>> all = new LinkedHashMap<>(policyParameters);
            all.put(policy, parameters);
            return new Config(hardware, workloadSets, qosLevels, policies, all, seeds, requestsPerTrace, offeredLoad, sparseSamples, requestTiles);
        }

        public Config withSeeds(List<Long> list) {
            return new Config(hardware, workloadSets, qosLevels, policies, policyParameters, list, requestsPerTrace, offeredLoad, sparseSamples, requestTiles);
        }

        public Config withRequestsPerTrace(int requests) {
            return new Config(hardware, workloadSets, qosLevels, policies, policyParameters, seeds, requests, offeredLoad, sparseSamples, requestTiles);
        }

        public Config withOfferedLoad(double load) {
            return new Config(hardware, workloadSets, qosLevels, policies, policyParameters, seeds, requestsPerTrace, load, sparseSamples, requestTiles);
        }

        public Config withRequestTiles(int tiles) {
            return new Config(hardware, workloadSets, qosLevels, policies, policyParameters, seeds, requestsPerTrace, offeredLoad, sparseSamples, tiles);
        }

        public Config withSparseSamples(int samples) {
            return new Config(hardware, workloadSets, qosLevels, policies, policyParameters, seeds, requestsPerTrace, offeredLoad, samples, requestTiles);
        }
    }

    /** One run: a policy on one (set, QoS, seed) trace. */
    public record Row(String workloadSet, String qos, String policy, long seed, MultiTileMetrics metrics, long events, double wallSeconds) {}

    /** The subject's mean metric over seeds divided by a baseline's, per (set, QoS); NaN where the baseline's mean is 0. */
    public record Ratio(String workloadSet, String qos, String subject, String baseline, double slaSatisfaction, double stp, double fairness) {}

    /** {@link #run(Config, int)} on one thread. */
    public static List<Row> run(Config config) { return run(config, 1); }

    /**
     * Every (set, QoS, seed) trace built first, then every policy on every trace in one
     * {@link MultiTileBatchEvaluator} call; rows in (set, QoS, seed, policy) order, identical whatever
     * {@code threads} is (except their wall times).
     */
    public static List<Row> run(Config config, int threads) {
        List<MultiTileTrace> traces = new ArrayList<>();
        List<String[]> labels = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        for (WorkloadSet set : config.workloadSets()) {
            for (QoS qos : config.qosLevels()) {
                Scenario scenario = MocaWorkloads.scenario(set, qos);
                MultiTileWorkload workload = workload(config, scenario);
                double load = config.offeredLoad() == Config.SCENARIO_LOAD ? scenario.offeredLoad() : config.offeredLoad();
                for (long seed : config.seeds()) {
                    traces.add(MocaWorkloads.trace(workload, scenario, config.requestsPerTrace(), load, config.requestTiles(), seed));
                    labels.add(new String[] {set.label(), qos.name().toLowerCase(Locale.ROOT)});
                    seeds.add(seed);
                }
            }
        }
        List<MultiTileBatchEvaluator.Candidate> candidates = new ArrayList<>();
        for (String name : config.policies()) {
            MultiTilePolicies.withOverrides(name, config.parametersOf(name)); // validates before any run
            candidates.add(() -> MultiTilePolicies.withOverrides(name, config.parametersOf(name)));
        }
        MultiTileBatchEvaluator.Run[][] runs;
        try (MultiTileBatchEvaluator evaluator = new MultiTileBatchEvaluator(traces, threads)) {
            runs = evaluator.evaluate(candidates);
        }
        List<Row> rows = new ArrayList<>();
        for (int t = 0; t < traces.size(); t++) {
            for (int c = 0; c < candidates.size(); c++) {
                MultiTileBatchEvaluator.Run r = runs[c][t];
                rows.add(new Row(labels.get(t)[0], labels.get(t)[1], config.policies().get(c), seeds.get(t), r.metrics(), r.events(), r.wallSeconds()));
            }
        }
        return rows;
    }

    /** The set's dense networks, or their sparse variants when the config asks for samples. */
    public static MultiTileWorkload workload(Config config, Scenario scenario) {
        return MocaWorkloads.of(config.hardware(), scenario, config.sparseSamples());
    }

    /** The subject's ratio to every other policy of the rows, per (set, QoS). */
    public static List<Ratio> ratios(List<Row> rows, String subject) {
        List<Ratio> ratios = new ArrayList<>();
        for (String[] cell : cells(rows)) {
            double[] mine = means(rows, cell[0], cell[1], subject);
            if (mine == null) continue;
            for (String baseline : policies(rows)) {
                if (baseline.equals(subject)) continue;
                double[] theirs = means(rows, cell[0], cell[1], baseline);
                if (theirs == null) continue;
                ratios.add(new Ratio(cell[0], cell[1], subject, baseline, ratio(mine[0], theirs[0]), ratio(mine[1], theirs[1]), ratio(mine[2], theirs[2])));
            }
        }
        return ratios;
    }

    /** Mean SLA satisfaction, STP and fairness over seeds of one policy in one cell; null if it has no rows. */
    public static double[] means(List<Row> rows, String set, String qos, String policy) {
        double[] sum = new double[3];
        int count = 0;
        for (Row r : rows) {
            if (!r.workloadSet().equals(set) || !r.qos().equals(qos) || !r.policy().equals(policy)) continue;
            sum[0] += r.metrics().slaSatisfactionRate();
            sum[1] += r.metrics().stp();
            sum[2] += r.metrics().fairness();
            count++;
        }
        if (count == 0) return null;
        for (int i = 0; i < 3; i++) sum[i] /= count;
        return sum;
    }

    private static double ratio(double a, double b) { return b > 0 ? a / b : Double.NaN; }

    private static List<String[]> cells(List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            boolean seen = cells.stream().anyMatch(c -> c[0].equals(r.workloadSet()) && c[1].equals(r.qos()));
            if (!seen) cells.add(new String[] {r.workloadSet(), r.qos()});
        }
        return cells;
    }

    private static List<String> policies(List<Row> rows) { return rows.stream().map(Row::policy).distinct().toList(); }

    /** Markdown: per-cell means of every policy, then the subject's ratios with their average and maximum over cells. */
    public static String markdown(List<Row> rows, List<Ratio> ratios) {
        StringBuilder b = new StringBuilder();
        b.append("| set | QoS | policy | SLA satisfaction | STP | STP/s | fairness | p1 SLA | p2 SLA | p3 SLA |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (String[] cell : cells(rows)) {
            for (String p : policies(rows)) {
                List<MultiTileMetrics> ms = rows.stream()
                        .filter(r -> r.workloadSet().equals(cell[0]) && r.qos().equals(cell[1]) && r.policy().equals(p))
                        .map(Row::metrics).toList();
                if (ms.isEmpty()) continue;
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.1f | %.1f | %.3f | %s | %s | %s |%n", cell[0], cell[1], p,
                        ms.stream().mapToDouble(MultiTileMetrics::slaSatisfactionRate).average().orElse(Double.NaN),
                        ms.stream().mapToDouble(MultiTileMetrics::stp).average().orElse(Double.NaN),
                        ms.stream().mapToDouble(MultiTileMetrics::stpPerSecond).average().orElse(Double.NaN),
                        ms.stream().mapToDouble(MultiTileMetrics::fairness).average().orElse(Double.NaN),
                        byPriority(ms, 1), byPriority(ms, 2), byPriority(ms, 3)));
            }
        }
        b.append("\n| subject / baseline | SLA avg | SLA max | STP avg | STP max | fairness avg | fairness max | cells |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (RatioSummary r : summaries(ratios)) {
            b.append(String.format(Locale.ROOT, "| %s / %s | %s | %s | %s | %s | %s | %s | %d |%n", r.subject(), r.baseline(),
                    times(r.slaAverage()), times(r.slaMax()), times(r.stpAverage()), times(r.stpMax()), times(r.fairnessAverage()),
                    times(r.fairnessMax()), r.cells()));
        }
        return b.toString();
    }

    private static String byPriority(List<MultiTileMetrics> ms, double priority) {
        double v = ms.stream().mapToDouble(m -> m.slaSatisfactionOfPriority(priority)).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * The subject's ratios to one baseline summarised over cells: mean ("average" in the paper) and
     * maximum ("up to") of each metric, over the cells where the ratio is defined; NaN where none is.
     */
    public record RatioSummary(String subject, String baseline, double slaAverage, double slaMax, double stpAverage, double stpMax,
                               double fairnessAverage, double fairnessMax, int cells) {}

    /** One summary per baseline, in the order the ratios name them. */
    public static List<RatioSummary> summaries(List<Ratio> ratios) {
        List<RatioSummary> out = new ArrayList<>();
        for (String baseline : ratios.stream().map(Ratio::baseline).distinct().toList()) {
            List<Ratio> rs = ratios.stream().filter(r -> r.baseline().equals(baseline)).toList();
            DoubleSummaryStatistics sla = stats(rs, Ratio::slaSatisfaction);
            DoubleSummaryStatistics stp = stats(rs, Ratio::stp);
            DoubleSummaryStatistics fair = stats(rs, Ratio::fairness);
            out.add(new RatioSummary(rs.get(0).subject(), baseline, average(sla), max(sla), average(stp), max(stp), average(fair), max(fair), rs.size()));
        }
        return out;
    }

    private static DoubleSummaryStatistics stats(List<Ratio> rs, ToDoubleFunction<Ratio> metric) {
        return rs.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).summaryStatistics();
    }

    private static double average(DoubleSummaryStatistics s) { return s.getCount() == 0 ? Double.NaN : s.getAverage(); }

    private static double max(DoubleSummaryStatistics s) { return s.getCount() == 0 ? Double.NaN : s.getMax(); }

    private static String times(double v) { return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2fx", v); }

    /** MoCA's headline ratios over prior work, from its abstract: SLA satisfaction, STP and fairness, average and "up to". */
    public static final double PAPER_SLA_AVERAGE = 1.8, PAPER_SLA_MAX = 3.9, PAPER_STP_AVERAGE = 1.7, PAPER_STP_MAX = 2.3,
            PAPER_FAIRNESS_AVERAGE = 1.2, PAPER_FAIRNESS_MAX = 1.3;

    /** Markdown: each metric's paper ratio (average / max) beside ours against every baseline. */
    public static String paperComparison(List<Ratio> ratios) {
        List<RatioSummary> summaries = summaries(ratios);
        StringBuilder b = new StringBuilder("| metric | paper avg / max |");
        for (RatioSummary r : summaries) b.append(' ').append(r.subject()).append(" / ").append(r.baseline()).append(" |");
        b.append("\n|---|---|").append("---|".repeat(summaries.size())).append('\n');
        b.append(String.format(Locale.ROOT, "| SLA satisfaction | %.1fx / %.1fx |", PAPER_SLA_AVERAGE, PAPER_SLA_MAX));
        for (RatioSummary r : summaries) b.append(' ').append(times(r.slaAverage())).append(" / ").append(times(r.slaMax())).append(" |");
        b.append(String.format(Locale.ROOT, "%n| STP | %.1fx / %.1fx |", PAPER_STP_AVERAGE, PAPER_STP_MAX));
        for (RatioSummary r : summaries) b.append(' ').append(times(r.stpAverage())).append(" / ").append(times(r.stpMax())).append(" |");
        b.append(String.format(Locale.ROOT, "%n| fairness | %.1fx / %.1fx |", PAPER_FAIRNESS_AVERAGE, PAPER_FAIRNESS_MAX));
        for (RatioSummary r : summaries) b.append(' ').append(times(r.fairnessAverage())).append(" / ").append(times(r.fairnessMax())).append(" |");
        return b.append('\n').toString();
    }
}

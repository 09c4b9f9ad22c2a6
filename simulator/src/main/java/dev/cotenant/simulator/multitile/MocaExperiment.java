package dev.cotenant.simulator.multitile;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.multitile.MocaWorkloads.WorkloadSet;
import dev.cotenant.simulator.multitile.policy.MultiTilePolicies;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;
import dev.cotenant.simulator.workload.scenario.Scenarios.QoS;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
     * @param sparseSamples 0 for MoCA's dense networks; otherwise the sets' sparse variants with that many samples per model
     *                      (the setting {@code moca-dysta} is for)
     */
    public record Config(MultiTileHardware hardware, List<WorkloadSet> workloadSets, List<QoS> qosLevels, List<String> policies,
                         List<Long> seeds, int requestsPerTrace, double offeredLoad, int sparseSamples) {
        /** Offered load meaning "each scenario's own" ({@link Scenario#offeredLoad()}). */
        public static final double SCENARIO_LOAD = 0;

        public Config {
            workloadSets = List.copyOf(workloadSets);
            qosLevels = List.copyOf(qosLevels);
            policies = List.copyOf(policies);
            seeds = List.copyOf(seeds);
            for (String p : policies) MultiTilePolicies.entry(p); // unknown names fail before any run
            if (requestsPerTrace < 1) throw BadInputException.at("requests", "must be at least 1, got " + requestsPerTrace);
            if (seeds.isEmpty()) throw BadInputException.at("seeds", "needs at least one seed");
            if (offeredLoad < 0) throw BadInputException.at("load", "must be positive (or 0 for each scenario's own), got " + offeredLoad);
            if (sparseSamples < 0) throw BadInputException.at("sparseSamples", "must be >= 0, got " + sparseSamples);
        }

        /** Every set and QoS level, MoCA and its three baselines, 5 seeds of 300 requests at each scenario's load, dense. */
        public static Config defaults() {
            return new Config(MultiTileHardware.moca(), List.of(WorkloadSet.values()), List.of(QoS.values()),
                    List.of("static-partition", "prema-tm", "planaria-fission", "moca"), List.of(1L, 2L, 3L, 4L, 5L), 300,
                    SCENARIO_LOAD, 0);
        }

        /** The sparse sets with {@code moca-dysta} beside MoCA and its baselines. */
        public static Config sparseDefaults() {
            Config d = defaults();
            List<String> policies = new ArrayList<>(d.policies());
            policies.add("moca-dysta");
            return new Config(d.hardware(), d.workloadSets(), d.qosLevels(), policies, d.seeds(), d.requestsPerTrace(), d.offeredLoad(), 8);
        }
    }

    /** One run: a policy on one (set, QoS, seed) trace. */
    public record Row(String workloadSet, String qos, String policy, long seed, MultiTileMetrics metrics, long events, double wallSeconds) {}

    /** The subject's mean metric over seeds divided by a baseline's, per (set, QoS); NaN where the baseline's mean is 0. */
    public record Ratio(String workloadSet, String qos, String subject, String baseline, double slaSatisfaction, double stp, double fairness) {}

    public static List<Row> run(Config config) {
        List<Row> rows = new ArrayList<>();
        MultiTileKernel kernel = new MultiTileKernel();
        MultiTileOutcome outcome = new MultiTileOutcome();
        for (WorkloadSet set : config.workloadSets()) {
            for (QoS qos : config.qosLevels()) {
                Scenario scenario = MocaWorkloads.scenario(set, qos);
                MultiTileWorkload workload = config.sparseSamples() == 0
                        ? MocaWorkloads.dense(config.hardware(), scenario)
                        : MocaWorkloads.sparse(config.hardware(), scenario, config.sparseSamples(), scenario.seed());
                double load = config.offeredLoad() == Config.SCENARIO_LOAD ? scenario.offeredLoad() : config.offeredLoad();
                for (long seed : config.seeds()) {
                    MultiTileTrace trace = MocaWorkloads.trace(workload, scenario, config.requestsPerTrace(), load, seed);
                    for (String name : config.policies()) {
                        MultiTilePolicy policy = MultiTilePolicies.published(name);
                        long start = System.nanoTime();
                        kernel.run(trace, policy, outcome);
                        double wall = (System.nanoTime() - start) * 1e-9;
                        rows.add(new Row(set.label(), qos.name().toLowerCase(Locale.ROOT), name, seed, MultiTileMetrics.of(trace, outcome), outcome.events(), wall));
                    }
                }
            }
        }
        return rows;
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
        for (String baseline : ratios.stream().map(Ratio::baseline).distinct().toList()) {
            List<Ratio> rs = ratios.stream().filter(r -> r.baseline().equals(baseline)).toList();
            b.append(String.format(Locale.ROOT, "| %s / %s | %s | %s | %s | %s | %s | %s | %d |%n", rs.get(0).subject(), baseline,
                    avg(rs, 0), max(rs, 0), avg(rs, 1), max(rs, 1), avg(rs, 2), max(rs, 2), rs.size()));
        }
        return b.toString();
    }

    private static String byPriority(List<MultiTileMetrics> ms, double priority) {
        double v = ms.stream().mapToDouble(m -> m.slaSatisfactionOfPriority(priority)).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static double pick(Ratio r, int metric) { return metric == 0 ? r.slaSatisfaction() : metric == 1 ? r.stp() : r.fairness(); }

    /** Mean over the cells where the ratio is defined (baseline mean above 0); "n/a" if none is. */
    private static String avg(List<Ratio> rs, int metric) {
        var s = rs.stream().mapToDouble(r -> pick(r, metric)).filter(v -> !Double.isNaN(v)).summaryStatistics();
        return s.getCount() == 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx", s.getAverage());
    }

    private static String max(List<Ratio> rs, int metric) {
        var s = rs.stream().mapToDouble(r -> pick(r, metric)).filter(v -> !Double.isNaN(v)).summaryStatistics();
        return s.getCount() == 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx", s.getMax());
    }
}

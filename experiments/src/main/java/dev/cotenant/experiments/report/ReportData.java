package dev.cotenant.experiments.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cotenant.experiments.report.Summary.Condition;
import dev.cotenant.experiments.report.Summary.Stat;
import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.simulator.metrics.Metric;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What report.html's charts draw, as one JSON object its script reads: a record per condition and
 * policy ({@code kind: "mean"}: mean over seeds, sample s.d., error bar ends cut at the metric's
 * range) and one per seed ({@code kind: "seed"}), both with every metric, so a reader can switch
 * metrics and filter conditions without the page recomputing anything. Means come from
 * {@link Summary}, the same numbers as the tables and the PNG figures.
 */
final class ReportData {
    static final String KIND_MEAN = "mean";
    static final String KIND_SEED = "seed";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportData() {}

    /** Metric key in the records: the metrics.csv column name. */
    static String key(Metric m) { return m.columnName(); }

    /**
     * @param scheduleSummary rows of measured schedules only: bound rows define two metrics and leave the rest
     *                        undefined, so they are tabulated but not drawn
     */
    static ObjectNode of(ExperimentSpec spec, List<Metric> metrics, Summary scheduleSummary, List<ExperimentRow> rows) {
        ObjectNode root = JSON.createObjectNode();
        boolean rateAxis = spec.sweep().loadAxis() == ExperimentSpec.LoadAxis.ARRIVAL_RATE_PER_S;
        root.put("loadField", rateAxis ? "rate" : "load");
        root.put("loadTitle", rateAxis ? "arrival rate (requests/s)" : "offered load (fraction of capacity)");
        List<Condition> conditions = scheduleSummary.conditions();
        Set<Double> loads = new LinkedHashSet<>();
        Set<String> slos = new LinkedHashSet<>();
        Set<String> workloads = new LinkedHashSet<>();
        for (Condition c : conditions) {
            double load = rateAxis ? c.arrivalRatePerSecond() : c.offeredLoad();
            if (Double.isFinite(load)) loads.add(load); // a MoCA trace has no load value
            slos.add(c.sloLabel());
            workloads.add(c.workload());
        }
        // Lines against an axis only when the spec sweeps it, as the PNG figures (a MoCA set's own load is not an axis).
        root.put("sweptLoads", spec.sweep().loads().size() > 1);
        root.put("sweptSlos", spec.sweep().sloMultipliers().size() > 1);
        loads.forEach(root.putArray("loads")::add);
        slos.forEach(root.putArray("slos")::add);
        workloads.forEach(root.putArray("workloads")::add);
        conditions.forEach(c -> root.withArray("conditions").add(c.label()));

        List<String> policies = scheduleSummary.policies();
        Map<String, String> shortLabels = FigureText.shortLabels(policies);
        ArrayNode policyArray = root.putArray("policies");
        for (String p : policies) policyArray.addObject().put("label", p).put("short", shortLabels.get(p));
        root.put("footnote", FigureText.footnote(shortLabels));

        // The defined metrics, the spec's first (the default is its first).
        ArrayNode metricArray = root.putArray("metrics");
        for (Metric m : metrics) {
            double[] range = FigureText.range(m);
            double high = Double.NEGATIVE_INFINITY;
            for (Condition c : conditions) for (String p : policies) {
                Stat s = scheduleSummary.stat(c, p, m);
                if (Double.isFinite(s.mean())) high = Math.max(high, s.mean() + s.std());
            }
            ObjectNode o = metricArray.addObject().put("key", key(m)).put("name", FigureText.name(m)).put("title", FigureText.axisTitle(m))
                    .put("definition", FigureText.definition(m)).put("min", range[0])
                    .put("logAllowed", range[0] > 0).put("logByDefault", FigureText.wantsLogAxis(m, high));
            if (Double.isFinite(range[1])) o.put("max", range[1]);
        }

        ArrayNode data = root.putArray("data");
        for (Condition c : conditions) {
            for (String p : policies) {
                Stat any = scheduleSummary.stat(c, p, metrics.get(0));
                if (any.seeds() == 0) continue;
                ObjectNode o = base(data.addObject(), KIND_MEAN, c, p, shortLabels.get(p)).put("seeds", any.seeds());
                for (Metric m : metrics) {
                    Stat s = scheduleSummary.stat(c, p, m);
                    put(o, key(m), s.mean());
                    put(o, "sd_" + key(m), s.seeds() > 1 ? s.std() : Double.NaN);
                    double err = FigureText.clippedError(m, s.mean(), s.std());
                    put(o, "lo_" + key(m), s.mean() - err);
                    put(o, "hi_" + key(m), s.mean() + err);
                }
            }
        }
        Set<String> drawn = new LinkedHashSet<>(policies);
        for (ExperimentRow r : rows) {
            if (!drawn.contains(r.policy())) continue;
            ObjectNode o = base(data.addObject(), KIND_SEED, Condition.of(r.point()), r.policy(), shortLabels.get(r.policy()))
                    .put("seed", r.point().seed());
            for (Metric m : metrics) put(o, key(m), r.get(m));
        }
        return root;
    }

    private static ObjectNode base(ObjectNode o, String kind, Condition c, String policy, String shortLabel) {
        o.put("kind", kind).put("policy", policy).put("short", shortLabel).put("workload", c.workload())
                .put("slo", c.sloLabel()).put("condition", c.label());
        put(o, "load", c.offeredLoad());
        put(o, "rate", c.arrivalRatePerSecond());
        return o;
    }

    /** An undefined number is left out: JSON has no NaN, and Vega-Lite skips a missing value rather than plotting it. */
    private static void put(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) o.put(field, v);
    }
}

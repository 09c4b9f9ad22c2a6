package dev.cotenant.search.tune;

import dev.cotenant.simulator.setting.TracePoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cotenant.simulator.csv.AtomicFiles;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.policy.Parameter;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result files of a tuning run, each written atomically: {@code best.json}, {@code history.csv},
 * {@code validation.csv}, and {@code pareto.csv} in Pareto mode. Numbers are written with
 * {@link Double#toString}, which reads back to the same double.
 */
public final class TuningOutputs {
    public static final String BEST = "best.json";
    public static final String HISTORY = "history.csv";
    public static final String VALIDATION = "validation.csv";
    public static final String PARETO = "pareto.csv";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            // AtomicFiles owns the writer: it flushes and forces it after Jackson is done.
            .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private TuningOutputs() {}

    static void write(Path out, TuningResult result) throws IOException {
        writeHistory(out, result.search().history(), SearchMode.of(result.settings().objective()).dimensions());
        writeValidation(out, result);
        if (result.search().best() == null) writePareto(out, result);
        AtomicFiles.write(out.resolve(BEST), w -> JSON.writeValue(w, best(result)));
    }

    /** {@code generation,evaluations,elapsed_s,best_D,mean_D...,front_size}: best so far and population mean per dimension D. */
    static void writeHistory(Path out, List<HistoryRow> history, List<String> dimensions) throws IOException {
        AtomicFiles.write(out.resolve(HISTORY), w -> {
            w.write("generation,evaluations,elapsed_s");
            for (String d : dimensions) w.write(",best_" + d + ",mean_" + d);
            w.write(",front_size\n");
            for (HistoryRow r : history) {
                w.write(r.generation() + "," + r.evaluations() + "," + r.elapsedSeconds());
                for (int i = 0; i < dimensions.size(); i++) w.write("," + r.best()[i] + "," + r.mean()[i]);
                w.write("," + r.frontSize() + "\n");
            }
        });
    }

    /** One row per policy, trace set and trace: the objective (scalar mode) and every metric. */
    private static void writeValidation(Path out, TuningResult result) throws IOException {
        Objective objective = result.settings().objective();
        AtomicFiles.write(out.resolve(VALIDATION), w -> {
            w.write("policy,role,set,trace,seed,rate_per_s,slo_multiplier,objective");
            for (Metric m : Metric.values()) w.write("," + m.columnName());
            w.write("\n");
            for (ValidationReport.Entry e : result.validationReport().entries()) {
                writeSet(w, e, "training", result.training(), e.trainingMetrics(), objective);
                writeSet(w, e, "validation", result.validation(), e.validationMetrics(), objective);
            }
        });
    }

    private static void writeSet(Writer w, ValidationReport.Entry e, String set, List<TracePoint> specs, double[][] metrics,
                                 Objective objective) throws IOException {
        for (int t = 0; t < metrics.length; t++) {
            TracePoint s = specs.get(t);
            String value = objective instanceof Objective.Scalar sc ? Double.toString(sc.value(metrics[t])) : "";
            w.write(csv(e.label()) + "," + e.role().name().toLowerCase() + "," + set + "," + t + "," + s.seed() + ","
                    + s.load() + "," + s.sloMultiplierMin() + "," + value);
            for (double v : metrics[t]) w.write("," + v);
            w.write("\n");
        }
    }

    /** One row per front point: its parameters, and each objective metric's mean on both trace sets. */
    private static void writePareto(Path out, TuningResult result) throws IOException {
        Objective.Pareto objective = (Objective.Pareto) result.settings().objective();
        List<Parameter> params = result.space().bounds();
        AtomicFiles.write(out.resolve(PARETO), w -> {
            w.write("point");
            for (Parameter p : params) w.write("," + p.name());
            for (Metric m : objective.metrics()) w.write(",training_" + m.columnName());
            for (Metric m : objective.metrics()) w.write(",validation_" + m.columnName());
            w.write("\n");
            int point = 0;
            for (ValidationReport.Entry e : result.validationReport().entries()) {
                if (e.role() != ValidationReport.Role.FRONT) continue;
                w.write(Integer.toString(point++));
                for (int i = 0; i < params.size(); i++) w.write("," + params.get(i).format(e.parameters()[i]));
                double[] training = e.means(false);
                double[] validation = e.means(true);
                for (Metric m : objective.metrics()) w.write("," + training[m.ordinal()]);
                for (Metric m : objective.metrics()) w.write("," + validation[m.ordinal()]);
                w.write("\n");
            }
        });
    }

    private static Map<String, Object> best(TuningResult result) {
        TuningSettings s = result.settings();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("policy", s.policyName());
        root.put("objective", s.objective().label());
        double[] best = result.bestParameters();
        if (best != null) root.put("parameters", result.space().named(best));
        ValidationReport.Comparison c = result.validationReport().comparison();
        Map<String, Object> verdict = new LinkedHashMap<>();
        if (best != null) {
            verdict.put("training", ordered("tuned", c.tunedTraining(), "published", c.defaultTraining()));
            verdict.put("validation", ordered("tuned_mean", c.tunedValidation(), "tuned_std", c.tunedValidationStd(),
                    "published_mean", c.defaultValidation(), "published_std", c.defaultValidationStd(), "mean_paired_gain", c.meanPairedGain(),
                    "paired_gain_std_error", c.pairedGainStdError(), "traces_tuned_better", c.tracesTunedBetter()));
        } else {
            verdict.put("front_size", result.search().front().size());
            verdict.put("front_points_dominating_published_on_validation", c.frontPointsDominatingDefault());
        }
        verdict.put("validation_traces", c.validationTraces());
        verdict.put("gain_held", c.gainHeld());
        root.put("result", verdict);
        Map<String, Object> policies = new LinkedHashMap<>();
        for (ValidationReport.Entry e : result.validationReport().entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Metric metric : s.objective().metrics()) {
                m.put(metric.columnName(), ordered("training", e.means(false)[metric.ordinal()], "validation", e.means(true)[metric.ordinal()]));
            }
            policies.put(e.label(), m);
        }
        root.put("policies_mean_metrics", policies);
        Tuner.SearchOutcome search = result.search();
        Map<String, Object> run = ordered("generations", search.generationsDone(), "evaluations", search.evaluations(),
                "search_seconds", search.elapsedSeconds(), "stopped_by", search.stopReason().name().toLowerCase(),
                "seed", s.seed(), "population", s.populationSize());
        if (s.traces().fromFiles()) {
            // validation.csv's trace column indexes these lists
            run.put("training_trace_files", result.training().stream().map(TracePoint::workload).toList());
            run.put("validation_trace_files", result.validation().stream().map(TracePoint::workload).toList());
        } else {
            run.putAll(ordered("training_traces", s.trainingTraceCount(), "validation_traces", s.validationTraceCount(),
                    "rate_per_s", List.of(s.traces().rateLowPerSecond(), s.traces().rateHighPerSecond()),
                    "slo_multiplier", List.of(s.traces().sloMultiplierLow(), s.traces().sloMultiplierHigh()),
                    "requests_per_trace", s.traces().requestCount()));
        }
        List<Object> bounds = new ArrayList<>();
        for (Parameter p : result.space().bounds()) {
            bounds.add(p.isCategorical() ? ordered("name", p.name(), "choices", p.categories(), "scale", "categorical")
                    : ordered("name", p.name(), "lower", p.lower(), "upper", p.upper(), "scale", p.scale().name().toLowerCase()));
        }
        run.put("searched_bounds", bounds);
        run.put("backend", result.backend());
        root.put("search", run);
        return root;
    }

    /** A map that keeps its keys in the given order ({@code Map.of}'s order changes between JVM runs, and best.json must not). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}

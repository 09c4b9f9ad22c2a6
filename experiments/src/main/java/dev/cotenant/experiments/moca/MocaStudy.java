package dev.cotenant.experiments.moca;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.moca.MocaEvaluator;
import dev.cotenant.simulator.moca.MocaMetrics;
import dev.cotenant.simulator.moca.MocaOutcome;
import dev.cotenant.simulator.moca.MocaPolicies;
import dev.cotenant.simulator.moca.MocaTrace;
import dev.cotenant.simulator.moca.MocaTraces;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MoCA's evaluation on the rebuilt multi-tile model: every policy on every trace (the artifact's
 * 250-request traces of sets A/B/C at QoS H/M/L, optionally load-scaled, or the user's trace files),
 * through {@link MocaEvaluator}, the setting's one evaluation entry; then MoCA's ratio to each
 * baseline per trace and over all traces, beside the paper's headline ratios. Runs are independent
 * and deterministic, so the rows do not depend on the thread count.
 */
public final class MocaStudy {
    /** The paper's headline: MoCA over its baselines, average and maximum (HPCA 2023 abstract). */
    public static final Map<String, double[]> PAPER_RATIOS = Map.of(
            "sla", new double[] {1.8, 3.9}, "stp", new double[] {1.7, 2.3}, "fairness", new double[] {1.2, 1.3});
    /** Metrics of {@link #PAPER_RATIOS} and how this study reads them from a run: MoCA's formulas, both forms. */
    public static final List<String> RATIO_METRICS = List.of("sla", "stp_corrected", "stp_as_written", "fairness_corrected", "fairness_as_written");

    /** One trace to run every policy on. */
    public record Workload(String label, MocaTrace trace) {}

    /** One policy (a published name, with parameters that may be overridden) under one label. */
    public record Candidate(String label, String policy, double[] parameters) {
        public Candidate {
            MocaPolicies.space(policy).validate(label, parameters);
            parameters = parameters.clone();
        }

        public static Candidate published(String policy) { return new Candidate(policy, policy, MocaPolicies.defaults(policy)); }
    }

    public record Row(Workload workload, Candidate candidate, boolean artifactRuntime, MocaOutcome outcome, MocaMetrics metrics) {}

    /** MoCA's ratio to one baseline on one trace (or {@code scope} mean/max over traces). */
    public record Ratio(String scope, String baseline, String metric, double value) {}

    private MocaStudy() {}

    /** The artifact traces of the named scenarios ({@code moca-a-h} ...), each at every load in {@code loads} (empty: as generated). */
    public static List<Workload> scenarios(List<String> names, List<Double> loads) {
        List<Workload> workloads = new ArrayList<>();
        for (String name : names) {
            MocaTrace trace;
            try {
                trace = MocaTraces.scenario(name);
            } catch (BadInputException e) {
                throw BadInputException.at("--scenarios", e.getMessage());
            }
            if (loads.isEmpty()) {
                workloads.add(new Workload(name, trace));
            } else {
                for (double load : loads) {
                    workloads.add(new Workload(name + "@" + load, MocaTraces.loadScaled(trace, load)));
                }
            }
        }
        return workloads;
    }

    /** Every candidate on every workload, on {@code threads} threads; rows workload-major, candidates in order. */
    public static List<Row> run(List<Workload> workloads, List<Candidate> candidates, boolean artifactRuntime, int threads) {
        if (threads < 1) throw BadInputException.at("--threads", "must be >= 1, got " + threads);
        Row[] rows = new Row[workloads.size() * candidates.size()];
        MocaEvaluator.forEach(rows.length, threads, job -> {
            Workload w = workloads.get(job / candidates.size());
            Candidate c = candidates.get(job % candidates.size());
            MocaOutcome outcome = MocaEvaluator.run(c.policy(), c.parameters(), w.trace(), artifactRuntime);
            rows[job] = new Row(w, c, artifactRuntime, outcome, MocaMetrics.of(w.trace(), outcome));
        });
        return List.of(rows);
    }

    public static double metric(MocaMetrics m, String name) {
        return switch (name) {
            case "sla" -> m.sla();
            case "stp_corrected" -> m.stpCorrected();
            case "stp_as_written" -> m.stpAsWritten();
            case "fairness_corrected" -> m.fairnessCorrected();
            case "fairness_as_written" -> m.fairnessAsWritten();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /**
     * {@code subject}'s ratio to every other candidate per workload, then their mean and max over
     * workloads (scope {@code mean}, {@code max}). A ratio over a zero baseline is infinite when the
     * subject is positive and is left out of the mean (it would make it infinite); the max keeps it.
     */
    public static List<Ratio> ratios(List<Row> rows, String subject) {
        Map<String, Map<String, MocaMetrics>> byWorkload = new LinkedHashMap<>();
        for (Row r : rows) byWorkload.computeIfAbsent(r.workload().label(), k -> new LinkedHashMap<>()).put(r.candidate().label(), r.metrics());
        List<String> baselines = new ArrayList<>();
        for (Row r : rows) if (!r.candidate().label().equals(subject) && !baselines.contains(r.candidate().label())) baselines.add(r.candidate().label());
        List<Ratio> out = new ArrayList<>();
        for (String baseline : baselines) {
            for (String metric : RATIO_METRICS) {
                double sum = 0, max = Double.NEGATIVE_INFINITY;
                int finite = 0;
                for (Map.Entry<String, Map<String, MocaMetrics>> w : byWorkload.entrySet()) {
                    MocaMetrics s = w.getValue().get(subject), b = w.getValue().get(baseline);
                    if (s == null || b == null) continue;
                    double ratio = metric(s, metric) / metric(b, metric);
                    out.add(new Ratio(w.getKey(), baseline, metric, ratio));
                    if (Double.isNaN(ratio)) continue;
                    max = Math.max(max, ratio);
                    if (Double.isFinite(ratio)) {
                        sum += ratio;
                        finite++;
                    }
                }
                out.add(new Ratio("mean", baseline, metric, finite == 0 ? Double.NaN : sum / finite));
                out.add(new Ratio("max", baseline, metric, max == Double.NEGATIVE_INFINITY ? Double.NaN : max));
            }
        }
        return out;
    }

    public static final String METRICS_HEADER = "scheduler,requests,workload,runtime,offered_load,sla,sla_priority_0_2,sla_priority_3_8,"
            + "sla_priority_9_11,stp_corrected,stp_as_written,stp_per_request,fairness_corrected,fairness_as_written,fairness_per_request,"
            + "mean_normalised_progress,makespan_s,events";
    /** Starts with {@code simulate}'s columns, so a reader of one reads the other. */
    public static final String REQUESTS_HEADER = "scheduler,request,arrival_s,finish_s,deadline_s,met,workload,model,priority_level,"
            + "start_s,logged_latency_s";

    /** {@value #METRICS_HEADER}: one row per workload and policy. */
    public static void writeMetrics(List<Row> rows, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write(METRICS_HEADER + "\n");
            for (Row r : rows) {
                MocaMetrics m = r.metrics();
                out.write(String.join(",", r.candidate().label(), Integer.toString(r.workload().trace().size()), r.workload().label(),
                        runtimeLabel(r.artifactRuntime()), Double.toString(r.workload().trace().offeredLoad()),
                        num(m.sla()), num(m.slaLowPriority()), num(m.slaMidPriority()), num(m.slaHighPriority()),
                        num(m.stpCorrected()), num(m.stpAsWritten()), num(m.stpPerRequest()),
                        num(m.fairnessCorrected()), num(m.fairnessAsWritten()), num(m.fairnessPerRequest()),
                        num(m.meanNormalisedProgress()), num(r.outcome().makespanCycles() / CYCLES_PER_SECOND),
                        Long.toString(r.outcome().events())) + "\n");
            }
        }
    }

    /** {@value #REQUESTS_HEADER}: one row per workload, policy and request (seconds at 1 GHz; deadline = arrival + target). */
    public static void writeRequests(List<Row> rows, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write(REQUESTS_HEADER + "\n");
            StringBuilder line = new StringBuilder(160);
            for (Row r : rows) {
                MocaTrace t = r.workload().trace();
                for (int q = 0; q < t.size(); q++) {
                    line.setLength(0);
                    line.append(r.candidate().label()).append(',').append(q).append(',')
                            .append(t.arrivalCycles(q) / CYCLES_PER_SECOND).append(',')
                            .append(r.outcome().finishCycles(q) / CYCLES_PER_SECOND).append(',')
                            .append((t.arrivalCycles(q) + t.targetCycles(q)) / CYCLES_PER_SECOND).append(',')
                            .append(r.outcome().met(q)).append(',')
                            .append(r.workload().label()).append(',').append(t.networkOf(q).cliName()).append(',')
                            .append(t.priorityLevel(q)).append(',')
                            .append(r.outcome().startCycles(q) / CYCLES_PER_SECOND).append(',')
                            .append(r.outcome().loggedLatencyCycles(q) / CYCLES_PER_SECOND).append('\n');
                    out.append(line);
                }
            }
        }
    }

    /** {@code scope,baseline,metric,ratio,paper_mean,paper_max}: the paper's headline beside each mean/max row. */
    public static void writeRatios(List<Ratio> ratios, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("scope,baseline,metric,ratio,paper_mean,paper_max\n");
            for (Ratio r : ratios) {
                double[] paper = PAPER_RATIOS.get(r.metric().replace("_corrected", "").replace("_as_written", ""));
                boolean summary = r.scope().equals("mean") || r.scope().equals("max");
                out.write(String.join(",", r.scope(), r.baseline(), r.metric(), num(r.value()),
                        summary && paper != null ? num(paper[0]) : "", summary && paper != null ? num(paper[1]) : "") + "\n");
            }
        }
    }

    /** The per-workload table for the terminal: SLA, STP and fairness (corrected; as written in brackets). */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        int width = Math.max(18, rows.stream().mapToInt(r -> r.candidate().label().length()).max().orElse(0) + 2);
        b.append(String.format(Locale.ROOT, "%-16s %-" + width + "s %7s %18s %18s%n", "workload", "policy", "SLA",
                "STP (as written)", "fairness (a.w.)"));
        for (Row r : rows) {
            MocaMetrics m = r.metrics();
            b.append(String.format(Locale.ROOT, "%-16s %-" + width + "s %7.3f %8.3f (%7.3f) %8.3f (%7.3f)%n", r.workload().label(),
                    r.candidate().label(), m.sla(), m.stpCorrected(), m.stpAsWritten(), m.fairnessCorrected(), m.fairnessAsWritten()));
        }
        return b.toString();
    }

    /** MoCA's mean and max ratio to each baseline over the workloads, beside the paper's. */
    public static String paperComparison(List<Ratio> ratios, String subject) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%s / baseline over the traces: mean (max); paper: SLA 1.8x (3.9x), STP 1.7x (2.3x), fairness 1.2x (1.3x)%n", subject));
        Map<String, Map<String, double[]>> byBaseline = new LinkedHashMap<>();
        for (Ratio r : ratios) {
            if (!r.scope().equals("mean") && !r.scope().equals("max")) continue;
            double[] v = byBaseline.computeIfAbsent(r.baseline(), k -> new LinkedHashMap<>()).computeIfAbsent(r.metric(), k -> new double[2]);
            v[r.scope().equals("mean") ? 0 : 1] = r.value();
        }
        b.append(String.format(Locale.ROOT, "%-20s", "baseline"));
        for (String m : RATIO_METRICS) b.append(String.format(Locale.ROOT, " %20s", m));
        b.append('\n');
        for (Map.Entry<String, Map<String, double[]>> e : byBaseline.entrySet()) {
            b.append(String.format(Locale.ROOT, "%-20s", e.getKey()));
            for (String m : RATIO_METRICS) {
                double[] v = e.getValue().get(m);
                b.append(String.format(Locale.ROOT, " %11.2fx (%5.2fx)", v[0], v[1]));
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String runtimeLabel(boolean artifactRuntime) { return artifactRuntime ? "artifact" : "physical"; }

    private static final double CYCLES_PER_SECOND = 1e9;

    private static String num(double v) { return Double.toString(v); }
}

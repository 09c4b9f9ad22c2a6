package dev.cotenant.experiments.results;

import dev.cotenant.simulator.multitile.MocaExperiment;
import dev.cotenant.simulator.multitile.MocaExperiment.Config;
import dev.cotenant.simulator.multitile.MocaExperiment.Ratio;
import dev.cotenant.simulator.multitile.MocaExperiment.RatioSummary;
import dev.cotenant.simulator.multitile.MocaExperiment.Row;
import dev.cotenant.simulator.multitile.MultiTileHardware;
import dev.cotenant.simulator.multitile.MultiTileMetrics;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The files of a MoCA experiment ({@link MocaExperiment}); the column names are the contract scripts read.
 * One call for a runner: {@link #write(Path, Config, List, String, RunManifest)}.
 */
public final class MocaResults {
    public static final String METRICS_HEADER_START = "set,qos,seed,policy,requests,sla_satisfaction,stp,stp_per_s,fairness,antt,makespan_s,events";
    public static final String RATIOS_HEADER = "scope,set,qos,subject,baseline,cells,sla_satisfaction_ratio,stp_ratio,fairness_ratio";

    private MocaResults() {}

    /**
     * Writes {@code out/metrics.csv}, {@code out/ratios.csv} (the subject against every other policy) and
     * {@code out/run.json} (the manifest plus the configuration) into a folder that appears complete or not at all.
     */
    public static void write(Path out, Config config, List<Row> rows, String subject, RunManifest manifest) throws IOException {
        List<Ratio> ratios = MocaExperiment.ratios(rows, subject);
        try (ResultFolder folder = ResultFolder.forCommand(out)) {
            writeMetrics(rows, folder.file("metrics.csv"));
            writeRatios(ratios, folder.file("ratios.csv"));
            manifest.put("experiment", "moca").put("config", describe(config)).put("subject", subject).write(folder.file("run.json"));
            folder.commit();
        }
    }

    /**
     * {@code metrics.csv}: one row per (set, QoS, seed, policy); header {@value #METRICS_HEADER_START}, then
     * {@code sla_satisfaction_p<k>} and {@code mean_progress_p<k>} for every priority {@code k} in the rows.
     */
    public static void writeMetrics(List<Row> rows, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            writeMetrics(rows, out);
        }
    }

    /** As {@link #writeMetrics(List, Path)}, to a writer (a resumable run rewrites the file through AtomicFiles). */
    public static void writeMetrics(List<Row> rows, Writer out) throws IOException {
        TreeSet<Double> priorities = new TreeSet<>();
        for (Row r : rows) for (double p : r.metrics().priorities()) priorities.add(p);
        out.write(METRICS_HEADER_START);
        for (double p : priorities) out.write(",sla_satisfaction_p" + label(p));
        for (double p : priorities) out.write(",mean_progress_p" + label(p));
        out.write('\n');
        for (Row r : rows) {
            MultiTileMetrics m = r.metrics();
            out.write(String.join(",", r.workloadSet(), r.qos(), Long.toString(r.seed()), r.policy(), Integer.toString(m.requests()),
                    num(m.slaSatisfactionRate()), num(m.stp()), num(m.stpPerSecond()), num(m.fairness()), num(m.antt()),
                    num(m.makespanSeconds()), Long.toString(r.events())));
            for (double p : priorities) out.write("," + num(m.slaSatisfactionOfPriority(p)));
            for (double p : priorities) out.write("," + num(m.meanProgressOfPriority(p)));
            out.write('\n');
        }
    }

    /**
     * Reads the rows {@link #writeMetrics} wrote back, exactly (doubles are written in their shortest
     * round-tripping form). A priority whose columns are empty did not occur in that row's trace. Wall
     * times are not stored, so they read as 0.
     */
    public static List<Row> readMetrics(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).startsWith(METRICS_HEADER_START)) {
            throw dev.cotenant.simulator.BadInputException.at(file.toString(), "not a multi-tile metrics.csv (header differs from this version's)");
        }
        String[] header = lines.get(0).split(",", -1);
        int fixed = METRICS_HEADER_START.split(",").length;
        int k = (header.length - fixed) / 2;
        double[] all = new double[k];
        for (int i = 0; i < k; i++) all[i] = Double.parseDouble(header[fixed + i].substring("sla_satisfaction_p".length()));
        List<Row> rows = new java.util.ArrayList<>();
        for (int line = 1; line < lines.size(); line++) {
            String[] f = lines.get(line).split(",", -1);
            if (f.length != header.length) {
                throw dev.cotenant.simulator.BadInputException.at(file.toString(), line + 1, "expected " + header.length + " fields, got " + f.length);
            }
            java.util.List<Integer> present = new java.util.ArrayList<>();
            for (int i = 0; i < k; i++) if (!f[fixed + i].isEmpty()) present.add(i);
            double[] priorities = new double[present.size()], sla = new double[present.size()], progress = new double[present.size()];
            for (int j = 0; j < present.size(); j++) {
                int i = present.get(j);
                priorities[j] = all[i];
                sla[j] = parse(f[fixed + i]);
                progress[j] = parse(f[fixed + k + i]);
            }
            MultiTileMetrics m = new MultiTileMetrics(Integer.parseInt(f[4]), parse(f[5]), parse(f[6]), parse(f[7]), parse(f[8]), parse(f[9]),
                    parse(f[10]), priorities, sla, progress);
            rows.add(new Row(f[0], f[1], f[3], Long.parseLong(f[2]), m, Long.parseLong(f[11]), 0));
        }
        return rows;
    }

    private static double parse(String field) { return field.isEmpty() ? Double.NaN : Double.parseDouble(field); }

    /**
     * {@code ratios.csv}: the subject's mean over seeds divided by each baseline's, per (set, QoS) cell
     * ({@code scope = cell}), then per baseline the mean and maximum over cells ({@code scope = mean_over_cells},
     * {@code max_over_cells}; set and QoS {@code all}): the paper's "average" and "up to". Empty where undefined
     * (the baseline's mean is 0).
     */
    public static void writeRatios(List<Ratio> ratios, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            writeRatios(ratios, out);
        }
    }

    /** As {@link #writeRatios(List, Path)}, to a writer. */
    public static void writeRatios(List<Ratio> ratios, Writer out) throws IOException {
        out.write(RATIOS_HEADER + '\n');
        for (Ratio r : ratios) {
            out.write(String.join(",", "cell", r.workloadSet(), r.qos(), r.subject(), r.baseline(), "1",
                    num(r.slaSatisfaction()), num(r.stp()), num(r.fairness())) + '\n');
        }
        for (RatioSummary s : MocaExperiment.summaries(ratios)) {
            String cells = Integer.toString(s.cells());
            out.write(String.join(",", "mean_over_cells", "all", "all", s.subject(), s.baseline(), cells,
                    num(s.slaAverage()), num(s.stpAverage()), num(s.fairnessAverage())) + '\n');
            out.write(String.join(",", "max_over_cells", "all", "all", s.subject(), s.baseline(), cells,
                    num(s.slaMax()), num(s.stpMax()), num(s.fairnessMax())) + '\n');
        }
    }

    /** The configuration as plain JSON-able values, so run.json says exactly what ran. */
    public static Map<String, Object> describe(Config config) {
        MultiTileHardware h = config.hardware();
        Map<String, Object> hardware = new LinkedHashMap<>();
        hardware.put("tiles", h.tiles());
        hardware.put("dram_bytes_per_s", h.dramBytesPerSecond());
        hardware.put("clock_hz", h.clockHz());
        hardware.put("request_bytes", h.requestBytes());
        hardware.put("contention_loss_per_extra_stream", h.contentionLossPerExtraStream());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("hardware", hardware);
        c.put("sets", config.workloadSets().stream().map(s -> s.label()).toList());
        c.put("qos", config.qosLevels().stream().map(q -> q.name().toLowerCase(java.util.Locale.ROOT)).toList());
        c.put("policies", config.policies());
        c.put("policy_parameters", config.policyParameters());
        c.put("seeds", config.seeds());
        c.put("requests_per_trace", config.requestsPerTrace());
        c.put("offered_load", config.offeredLoad() == Config.SCENARIO_LOAD ? "scenario" : config.offeredLoad());
        c.put("sparse_samples", config.sparseSamples());
        c.put("request_tiles", config.requestTiles());
        return c;
    }

    private static String num(double v) { return Double.isNaN(v) ? "" : Double.toString(v); }

    private static String label(double p) { return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p); }
}

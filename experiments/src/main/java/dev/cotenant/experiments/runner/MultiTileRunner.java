package dev.cotenant.experiments.runner;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cotenant.experiments.report.ExperimentReport;
import dev.cotenant.experiments.report.MultiTileReport;
import dev.cotenant.experiments.results.MocaResults;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.experiments.spec.MultiTileExperimentSpec;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.csv.AtomicFiles;
import dev.cotenant.simulator.metrics.Metric;
import dev.cotenant.simulator.multitile.MocaExperiment;
import dev.cotenant.simulator.multitile.MocaWorkloads;
import dev.cotenant.simulator.workload.scenario.Scenarios;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs a multi-tile experiment resumably: a point is one (set, QoS, seed) trace with every policy on it.
 * Pending points run cell by cell ((set, QoS): {@link MocaExperiment#run(MocaExperiment.Config, int)}
 * restricted to that cell and its pending seeds, every policy on every trace through the setting's one
 * evaluation loop), and after each cell {@code metrics.csv} and {@code run.json} are rewritten through
 * {@link AtomicFiles}, so a killed run keeps whole points and a rerun runs only the rest. A trace is a
 * function of its set, QoS and seed alone, so the rows do not depend on which points share a call and
 * the final {@code metrics.csv} is byte-identical to an uninterrupted run's. At the end
 * {@code ratios.csv}, the charts and {@code report.html} are written from all rows.
 *
 * <p>The folder must hold this experiment's results (same spec fingerprint) or nothing; {@code restart}
 * discards results of an experiment of the same name; a resume on another git commit is refused unless
 * {@code allowCommitChange}, exactly as for time-multiplexed experiments ({@link ExperimentRunner}).
 */
public final class MultiTileRunner {
    public static final String METRICS = "metrics.csv";
    public static final String RUN_JSON = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private MultiTileRunner() {}

    /** Told after every stored cell; a listener that throws stops the run as a crash would (tests use it). */
    @FunctionalInterface
    public interface CellListener {
        void stored(int pointsDone, int pointsTotal);
    }

    public record Options(int threads, List<String> commandLine, boolean restart, boolean allowCommitChange, PrintStream log,
                          CellListener listener) {
        public Options {
            if (threads < 1) throw BadInputException.at("--threads", "must be >= 1, got " + threads);
            commandLine = List.copyOf(commandLine);
            if (log == null) log = System.err;
            if (listener == null) listener = (done, total) -> {};
        }

        public Options(int threads, List<String> commandLine, boolean restart, boolean allowCommitChange, PrintStream log) {
            this(threads, commandLine, restart, allowCommitChange, log, null);
        }
    }

    /**
     * @param tracesTotal   (set, QoS, seed) points of the experiment
     * @param tracesSkipped points already stored by an earlier run
     */
    public record Outcome(List<MocaExperiment.Row> rows, Path folder, Path report, double wallSeconds, int tracesTotal, int tracesSkipped) {}

    public static Outcome run(MultiTileExperimentSpec spec, Path out, int threads, List<String> commandLine) throws IOException {
        return run(spec, out, new Options(threads, commandLine, false, false, null));
    }

    /** A point: one trace of the sweep. */
    private record Point(String set, String qos, long seed) {}

    public static Outcome run(MultiTileExperimentSpec spec, Path out, Options options) throws IOException {
        Instant started = Instant.now();
        MocaExperiment.Config config = spec.config();
        String fingerprint = sha256(spec);
        Map<String, Object> previous = open(out, spec, fingerprint, options.restart());
        Map<String, Object> provenance = new RunManifest(options.commandLine()).fields();

        List<Point> points = new ArrayList<>();
        for (MocaWorkloads.WorkloadSet set : config.workloadSets()) {
            for (Scenarios.QoS qos : config.qosLevels()) {
                for (long seed : config.seeds()) points.add(new Point(set.label(), qosLabel(qos), seed));
            }
        }
        List<MocaExperiment.Row> rows = new ArrayList<>();
        if (previous != null && Files.exists(out.resolve(METRICS))) rows.addAll(MocaResults.readMetrics(out.resolve(METRICS)));
        Set<Point> done = completed(rows, config.policies().size());
        rows.removeIf(r -> !done.contains(new Point(r.workloadSet(), r.qos(), r.seed()))); // rows of a half-stored point
        int skipped = (int) points.stream().filter(done::contains).count();

        RunSessions sessions = RunSessions.begin(started, previous, provenance, options.threads(), skipped, points.size() - skipped,
                options.allowCommitChange(), options.log(), out);
        Files.createDirectories(out);
        writeRunJson(spec, out, fingerprint, provenance, sessions.all(), points.size(), skipped, "running");

        int run = 0;
        String status = "interrupted";
        try {
            for (MocaWorkloads.WorkloadSet set : config.workloadSets()) {
                for (Scenarios.QoS qos : config.qosLevels()) {
                    List<Long> pending = config.seeds().stream().filter(s -> !done.contains(new Point(set.label(), qosLabel(qos), s))).toList();
                    if (pending.isEmpty()) continue;
                    MocaExperiment.Config cell = config.withWorkloadSets(List.of(set)).withQosLevels(List.of(qos)).withSeeds(pending);
                    rows.addAll(MocaExperiment.run(cell, options.threads()));
                    run += pending.size();
                    storeRows(rows, points, config.policies(), out);
                    sessions.batchStored(run);
                    writeRunJson(spec, out, fingerprint, provenance, sessions.all(), points.size(), skipped + run, "running");
                    options.listener().stored(skipped + run, points.size());
                }
            }
            if (run == 0) storeRows(rows, points, config.policies(), out); // canonical file even when nothing was left to run
            status = "complete";
        } finally {
            sessions.finish(status, run);
            writeRunJson(spec, out, fingerprint, provenance, sessions.all(), points.size(), skipped + run, status);
        }
        List<MocaExperiment.Row> sorted = sorted(rows, points, config.policies());
        List<MocaExperiment.Ratio> ratios = MocaExperiment.ratios(sorted, spec.subject());
        AtomicFiles.write(out.resolve("ratios.csv"), w -> MocaResults.writeRatios(ratios, w));
        Path report = MultiTileReport.write(spec, sorted, out);
        return new Outcome(sorted, out, report, seconds(started, Instant.now()), points.size(), skipped);
    }

    private static String qosLabel(Scenarios.QoS qos) { return qos.name().toLowerCase(Locale.ROOT); }

    private static Set<Point> completed(List<MocaExperiment.Row> rows, int policies) {
        Map<Point, Integer> count = new HashMap<>();
        for (MocaExperiment.Row r : rows) count.merge(new Point(r.workloadSet(), r.qos(), r.seed()), 1, Integer::sum);
        Set<Point> done = new java.util.HashSet<>();
        count.forEach((p, n) -> { if (n == policies) done.add(p); });
        return done;
    }

    /** Rows in the order of an uninterrupted run: (set, QoS, seed) as the sweep lists them, then policy order. */
    private static List<MocaExperiment.Row> sorted(List<MocaExperiment.Row> rows, List<Point> points, List<String> policies) {
        Map<Point, Integer> index = new HashMap<>();
        for (int i = 0; i < points.size(); i++) index.put(points.get(i), i);
        List<MocaExperiment.Row> out = new ArrayList<>(rows);
        out.sort(Comparator.comparingInt((MocaExperiment.Row r) -> index.getOrDefault(new Point(r.workloadSet(), r.qos(), r.seed()), Integer.MAX_VALUE))
                .thenComparingInt(r -> policies.indexOf(r.policy())));
        return out;
    }

    private static void storeRows(List<MocaExperiment.Row> rows, List<Point> points, List<String> policies, Path out) throws IOException {
        List<MocaExperiment.Row> snapshot = sorted(rows, points, policies);
        AtomicFiles.write(out.resolve(METRICS), w -> MocaResults.writeMetrics(snapshot, w));
    }

    private static void writeRunJson(MultiTileExperimentSpec spec, Path out, String fingerprint, Map<String, Object> provenance,
                                     List<Object> sessions, int total, int done, String status) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", spec.name());
        m.put("experiment", spec.name());
        m.put("title", spec.title());
        m.put("paper", spec.paper());
        m.put("status", status);
        m.put("points_total", total);
        m.put("points_done", done);
        m.put("spec_sha256", fingerprint);
        RunSessions.putProvenance(m, provenance);
        m.put("config", MocaResults.describe(spec.config()));
        m.put("metrics", spec.metrics().stream().map(Metric::columnName).toList());
        m.put("subject", spec.subject());
        RunSessions.putSummary(m, sessions);
        String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
        AtomicFiles.write(out.resolve(RUN_JSON), w -> w.write(text));
    }

    /** The spec's fingerprint: what fixes the rows (configuration, metrics, subject, name). */
    static String sha256(MultiTileExperimentSpec spec) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("name", spec.name());
        canonical.put("config", MocaResults.describe(spec.config()));
        canonical.put("metrics", spec.metrics().stream().map(Metric::columnName).toList());
        canonical.put("subject", spec.subject());
        try {
            byte[] bytes = JSON.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks the folder before anything is written: empty or missing (a fresh run; returns null), this spec's
     * results (returns the stored run.json to resume), or refused. With {@code restart}, a folder of the same
     * experiment name is emptied of its results instead.
     */
    static Map<String, Object> open(Path out, MultiTileExperimentSpec spec, String fingerprint, boolean restart) throws IOException {
        if (!Files.isDirectory(out)) {
            if (Files.exists(out)) throw BadInputException.at(out.toString(), "exists and is not a folder");
            return null;
        }
        try (Stream<Path> entries = Files.list(out)) {
            if (entries.findAny().isEmpty()) return null;
        }
        Path runJson = out.resolve(RUN_JSON);
        Map<String, Object> held = null;
        if (Files.exists(runJson)) {
            try {
                held = new ObjectMapper().readValue(runJson.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
            } catch (IOException e) {
                held = null;
            }
        }
        String name = held == null ? null : (String) held.get("name");
        if (!spec.name().equals(name)) {
            throw BadInputException.at(out.toString(), "holds " + (name == null ? "files that are not a multi-tile experiment's results"
                    : "results of experiment '" + name + "'") + "; nothing was overwritten: choose another --out");
        }
        if (restart) {
            for (String f : List.of(METRICS, "ratios.csv", RUN_JSON, ExperimentReport.HTML)) Files.deleteIfExists(out.resolve(f));
            deleteTree(out.resolve(ExperimentReport.PLOTS));
            return null;
        }
        if (!fingerprint.equals(held.get("spec_sha256"))) {
            throw BadInputException.at(out.toString(), "holds results of '" + name + "' from another spec (a --quick run, an edited spec, "
                    + "or an older version without resumable results); nothing was overwritten: choose another --out, or --restart to discard them");
        }
        return held;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static double seconds(Instant from, Instant to) { return Duration.between(from, to).toNanos() / 1e9; }
}

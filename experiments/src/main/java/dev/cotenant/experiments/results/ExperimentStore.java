package dev.cotenant.experiments.results;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.csv.AtomicFiles;
import dev.cotenant.simulator.metrics.Metric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The result folder of one experiment: {@code metrics.csv} (one row per point and policy) and
 * {@code manifest.json} (the resolved spec, its fingerprint, provenance, sessions and timings).
 * Both are rewritten whole through {@link AtomicFiles} after every batch, so a killed run leaves
 * a consistent store that the next run resumes: points with all their rows are skipped.
 *
 * <p>A folder that holds anything else (another spec's results, or files without a manifest) is
 * refused before anything is written.
 */
public final class ExperimentStore {
    public static final String METRICS = "metrics.csv";
    public static final String MANIFEST = "manifest.json";
    /** The report's page and its charts' folder: names of the result layout, so the store and the report agree on them. */
    public static final String REPORT_HTML = "report.html";
    public static final String PLOTS = "plots";
    static final String POINT_COLUMNS = "point,offered_load,arrival_rate_per_s,slo_multiplier_min,slo_multiplier_max,seed,workload,policy,requests";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path folder;
    private final ExperimentSpec spec;
    private final List<String> policyOrder;
    private final List<ExperimentRow> rows = new ArrayList<>();
    private final Map<String, Object> previousManifest;

    private ExperimentStore(Path folder, ExperimentSpec spec, Map<String, Object> previousManifest) {
        this.folder = folder;
        this.spec = spec;
        this.policyOrder = spec.policyLabels();
        this.previousManifest = previousManifest;
    }

    public static String header() {
        StringBuilder b = new StringBuilder(POINT_COLUMNS);
        for (Metric m : Metric.values()) b.append(',').append(m.columnName());
        return b.toString();
    }

    /**
     * Opens {@code folder} for {@code spec}: creates it, or resumes it if it holds this spec's
     * results. Refuses (exit status 2) a folder holding anything else, writing nothing.
     */
    public static ExperimentStore open(Path folder, ExperimentSpec spec) {
        return open(folder, spec, false);
    }

    /**
     * As {@link #open(Path, ExperimentSpec)}; with {@code restart}, stored results of an experiment
     * of the same name (any spec) are discarded instead of resumed, as the demo does so that a
     * rerun after a code change measures the new code. Other experiments' folders are still refused.
     */
    public static ExperimentStore open(Path folder, ExperimentSpec spec, boolean restart) {
        Path dir = folder.toAbsolutePath().normalize();
        Map<String, Object> previous = null;
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) throw BadInputException.at(folder.toString(), "exists and is not a folder");
            if (!isEmpty(dir)) {
                if (restart && spec.name().equals(readManifest(folder, dir).get("experiment"))) {
                    try {
                        Files.deleteIfExists(dir.resolve(METRICS)); // before the new manifest, so old rows never pass as the new spec's
                        deleteTree(dir.resolve("artefacts")); // tuned vectors and trained predictors are redone too
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return new ExperimentStore(dir, spec, null);
                }
                previous = ownManifest(folder, dir, spec);
            }
        }
        ExperimentStore store = new ExperimentStore(dir, spec, previous);
        if (previous != null && Files.exists(dir.resolve(METRICS))) store.load(dir.resolve(METRICS));
        return store;
    }

    private static Map<String, Object> ownManifest(Path folder, Path dir, ExperimentSpec spec) {
        Map<String, Object> fields = readManifest(folder, dir);
        Object sha = fields.get("spec_sha256");
        if (!spec.sha256().equals(sha)) {
            throw BadInputException.at(folder.toString(), "holds results of experiment '" + fields.get("experiment") + "' (spec "
                    + abbreviate(sha) + "), not of '" + spec.name() + "' (spec " + abbreviate(spec.sha256())
                    + "); nothing was overwritten: choose another --out, or delete that folder to start over");
        }
        return fields;
    }

    private static Map<String, Object> readManifest(Path folder, Path dir) {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.exists(manifest)) {
            throw BadInputException.at(folder.toString(), "holds files but no " + MANIFEST + ", so not an experiment's results; "
                    + "refusing to write into it (choose another --out)");
        }
        Map<String, Object> fields;
        try {
            fields = JSON.readValue(manifest.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw BadInputException.at(manifest.toString(), "unreadable manifest: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return fields;
    }

    private static String abbreviate(Object sha) {
        String s = String.valueOf(sha);
        return s.length() > 12 ? s.substring(0, 12) : s;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(header())) {
            throw BadInputException.at(file.toString(), "header differs from this version's (" + header() + "); delete the folder to rerun");
        }
        int columns = header().split(",").length;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != columns) throw BadInputException.at(file.toString(), i + 1, "expected " + columns + " fields, got " + f.length);
            SweepPoint point = new SweepPoint(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Long.parseLong(f[5]), f[6]);
            double[] metrics = new double[Metric.values().length];
            for (int m = 0; m < metrics.length; m++) metrics[m] = Double.parseDouble(f[9 + m]);
            rows.add(new ExperimentRow(point, f[7], Integer.parseInt(f[8]), metrics));
        }
    }

    public Path folder() { return folder; }

    public Map<String, Object> previousManifest() { return previousManifest; }

    /** Points whose every policy has a row: these are not run again. */
    public Set<Integer> completedPoints() {
        Map<Integer, Integer> count = new HashMap<>();
        for (ExperimentRow r : rows) count.merge(r.point().index(), 1, Integer::sum);
        Set<Integer> done = new TreeSet<>();
        count.forEach((point, n) -> { if (n == policyOrder.size()) done.add(point); });
        return done;
    }

    /** Adds a batch's rows and rewrites metrics.csv atomically, in canonical order (point, then spec policy order). */
    public synchronized void append(List<ExperimentRow> batch) throws IOException {
        Files.createDirectories(folder);
        Set<Integer> done = completedPoints();
        rows.removeIf(r -> !done.contains(r.point().index())); // rows of a half-stored point (none when written by this class)
        rows.addAll(batch);
        rows.sort(Comparator.comparingInt((ExperimentRow r) -> r.point().index()).thenComparingInt(r -> policyOrder.indexOf(r.policy())));
        List<ExperimentRow> snapshot = List.copyOf(rows);
        AtomicFiles.write(folder.resolve(METRICS), out -> {
            out.write(header());
            out.write('\n');
            StringBuilder line = new StringBuilder(256);
            for (ExperimentRow r : snapshot) {
                SweepPoint p = r.point();
                line.setLength(0);
                // Double.toString is the shortest text that parses back to the same double: the file round-trips exactly.
                line.append(p.index()).append(',').append(p.offeredLoad()).append(',').append(p.arrivalRatePerSecond()).append(',')
                        .append(p.sloMultiplierMin()).append(',').append(p.sloMultiplierMax()).append(',').append(p.seed()).append(',')
                        .append(p.workload()).append(',').append(r.policy()).append(',').append(r.requests());
                for (double v : r.metrics()) line.append(',').append(v);
                out.write(line.append('\n').toString());
            }
        });
    }

    public synchronized List<ExperimentRow> rows() { return List.copyOf(rows); }

    /** The manifest as stored now. */
    public Map<String, Object> readManifest() { return readManifest(folder, folder); }

    public void writeManifest(Map<String, Object> fields) throws IOException {
        Files.createDirectories(folder);
        String text = JSON.writeValueAsString(fields) + "\n";
        AtomicFiles.write(folder.resolve(MANIFEST), out -> out.write(text));
    }
}

package dev.cotenant.experiments.compare;

import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.csv.AtomicFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The traces of a {@link GapComparison} solved so far, so that a killed run resumes instead of
 * starting over: after each solved trace its {@link GapComparison.TraceResult} is added and the whole
 * file is rewritten atomically ({@link AtomicFiles}), so a kill leaves the previous complete file.
 * Numbers are stored with {@link Double#toString}, which reads back to the same double, so rows
 * built from reused traces equal those of an uninterrupted run.
 *
 * <p>The file records a fingerprint of the settings that determine the results ({@link #fingerprint});
 * a checkpoint of other settings is stale: it is ignored, replaced, and a one-line notice says so.
 */
public final class CompareCheckpoint {
    static final String MAGIC = "cotenant-compare-checkpoint 1";
    public static final String FILE = "checkpoint.txt";

    private final Path file;
    private final String fingerprint;
    private final Map<String, GapComparison.TraceResult> traces = new LinkedHashMap<>();

    private CompareCheckpoint(Path file, String fingerprint) {
        this.file = file;
        this.fingerprint = fingerprint;
    }

    /**
     * Opens (the folder is created with the first trace added) the checkpoint in {@code folder} for {@code settings}. A checkpoint of
     * other settings is discarded with a notice on {@code notices}; one that cannot be parsed is bad input
     * (exit 2, naming it): deleting it is left to the user, so no solved trace is lost silently.
     */
    public static CompareCheckpoint open(Path folder, GapComparison.Settings settings, PrintWriter notices) {
        String fingerprint = fingerprint(settings);
        Path file = folder.resolve(FILE);
        CompareCheckpoint checkpoint = new CompareCheckpoint(file, fingerprint);
        try {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.size() < 2 || !lines.get(0).equals(MAGIC) || !lines.get(1).startsWith("fingerprint ")) {
                    throw BadInputException.at(file.toString(), "is not a compare checkpoint; delete it to start over");
                }
                if (!lines.get(1).equals("fingerprint " + fingerprint)) {
                    notices.println("compare: ignoring the checkpoint of a run with other options (" + folder + "); starting over");
                    notices.flush();
                    deleteTree(folder);
                } else {
                    for (int i = 2; i < lines.size(); i++) {
                        if (lines.get(i).isBlank()) continue;
                        GapComparison.TraceResult t;
                        try {
                            t = GapComparison.TraceResult.parse(lines.get(i), settings.policies().size());
                        } catch (RuntimeException e) {
                            throw BadInputException.at(file.toString(), i + 1, "not a checkpoint line (" + e.getMessage() + "); delete the file to start over");
                        }
                        checkpoint.traces.put(t.key(), t);
                    }
                }
            }
        } catch (IOException e) {
            throw BadInputException.at(folder.toString(), "cannot read the checkpoint (" + e + ")");
        }
        return checkpoint;
    }

    /** The result of the trace of {@code key} ({@link GapComparison.TraceResult#key}), or null if not solved yet. */
    public GapComparison.TraceResult get(String key) { return traces.get(key); }

    public int size() { return traces.size(); }

    /** Every trace stored so far (resumed ones and those this run added). */
    public java.util.Collection<GapComparison.TraceResult> traces() { return java.util.Collections.unmodifiableCollection(traces.values()); }

    /** Records a solved trace: the file is rewritten atomically with it added. */
    public void add(GapComparison.TraceResult trace) throws IOException {
        traces.put(trace.key(), trace);
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, w -> {
            w.write(MAGIC + "\n");
            w.write("fingerprint " + fingerprint + "\n");
            for (GapComparison.TraceResult t : traces.values()) w.write(t.format() + "\n");
        });
    }

    /** Removes the checkpoint folder (after the result it fed is committed). */
    public void delete() throws IOException { deleteTree(file.getParent()); }

    /**
     * SHA-256 over everything in the settings that determines the rows: workloads (name, source, rate at
     * load 1, priorities), the load axis and values, SLO multipliers, seeds, requests, the policies (label,
     * parameters, origin) and the optimiser settings. Not the output folder, nor anything about threads.
     */
    public static String fingerprint(GapComparison.Settings s) {
        StringBuilder b = new StringBuilder();
        for (CompareWorkload w : s.workloads()) {
            b.append("workload ").append(w.name()).append('|').append(w.provenance()).append('|')
                    .append(w.ratePerSecondAtFullLoad()).append('|').append(Arrays.toString(w.priorities())).append('\n');
        }
        b.append("axis ").append(s.loadAxis()).append("\nloads ").append(s.loads()).append("\nslo ").append(s.sloMultipliers())
                .append("\nseeds ").append(s.seeds()).append("\nrequests ").append(s.requests()).append('\n');
        for (PolicySpec p : s.policies()) {
            b.append("policy ").append(p.label()).append('|').append(p.policy().label()).append('|')
                    .append(Arrays.toString(p.policy().parameters())).append('|').append(p.origin()).append('\n');
        }
        b.append("optimizer ").append(s.optimizer()).append('\n');
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}

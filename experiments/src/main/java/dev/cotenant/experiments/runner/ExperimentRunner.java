package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.results.ExperimentStore;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;

import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.setting.TimeMultiplexedSetting;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs an experiment into its result folder: expands the sweep, skips the points the folder already
 * holds, evaluates the rest in batches on all cores and stores each batch atomically, so a killed
 * run loses at most the batch in flight and a rerun finishes the remaining points only.
 */
public final class ExperimentRunner {
    /** Told after every stored batch; a listener that throws stops the run as a crash would (tests use it). */
    @FunctionalInterface
    public interface BatchListener {
        void stored(int pointsDone, int pointsTotal);
    }

    /**
     * @param threads     worker threads of the evaluator (the results do not depend on it)
     * @param progress    show a progress bar (on the terminal, else as lines on {@code log}); a run of one point with an optimum entry shows its busy periods on {@code log} instead
     * @param commandLine the command after {@code cotenant}, recorded as the way to reproduce the run
     * @param restart     discard stored results of an experiment of the same name instead of resuming
     */
    /**
     * @param allowCommitChange resume a folder whose rows were computed on another git commit (warned and recorded);
     *                          without it such a resume is refused, since rows of two code versions would mix
     * @param log               where tuning, training, resume and progress notices go (the command's error writer in the CLI;
     *                          none if null)
     * @param engine            where the points are evaluated ({@link SweepEngine#local()} unless told otherwise)
     */
    public record Options(int threads, boolean progress, List<String> commandLine, BatchListener listener, boolean restart,
                          boolean allowCommitChange, PrintStream log, boolean reportFollows, SweepEngine engine) {
        public Options(int threads, boolean progress, List<String> commandLine, BatchListener listener, boolean restart,
                       boolean allowCommitChange, PrintStream log) {
            this(threads, progress, commandLine, listener, restart, allowCommitChange, log, false, null);
        }

        /** The caller writes a report after the sweep and then calls {@link #markComplete}: until then the manifest says {@value #REPORTING}. */
        public Options withReportFollowing() {
            return new Options(threads, progress, commandLine, listener, restart, allowCommitChange, log, true, engine);
        }

        public Options withEngine(SweepEngine sweepEngine) {
            return new Options(threads, progress, commandLine, listener, restart, allowCommitChange, log, reportFollows, sweepEngine);
        }

        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
            commandLine = List.copyOf(commandLine);
            if (listener == null) listener = (done, total) -> {};
            if (log == null) log = new PrintStream(java.io.OutputStream.nullOutputStream());
            if (engine == null) engine = SweepEngine.local();
        }

        public Options(int threads, boolean progress, List<String> commandLine, BatchListener listener, boolean restart) {
            this(threads, progress, commandLine, listener, restart, false, null);
        }

        /** No progress bar and no notices (resume, tuning, training): tests and embedded use. */
        public static Options quiet(int threads) {
            return new Options(threads, false, List.of(), null, false, false, new PrintStream(java.io.OutputStream.nullOutputStream()));
        }

        public Options withLog(PrintStream stream) {
            return new Options(threads, progress, commandLine, listener, restart, allowCommitChange, stream, reportFollows, engine);
        }
    }

    /**
     * What a run did: how many points there are, how many were already stored, how many it ran.
     *
     * @param spec the spec with tuned and learned entries resolved (what the report should show)
     */
    public record Outcome(ExperimentStore store, ExperimentWorkload workload, int pointsTotal, int pointsSkipped, int pointsRun,
                          double wallSeconds, ExperimentSpec spec) {}

    private ExperimentRunner() {}

    public static Outcome run(ExperimentSpec spec, java.nio.file.Path out, Options options) throws IOException {
        Instant started = Instant.now();
        checkSize(spec);
        boolean fresh = !java.nio.file.Files.exists(out);
        ExperimentStore store = ExperimentStore.open(out, spec, options.restart()); // refuses a foreign folder before any work
        ExperimentWorkload workload = new ExperimentWorkload(spec);
        double workloadSeconds = seconds(started, Instant.now());
        List<SweepPoint> points = workload.points();
        Set<Integer> done = store.completedPoints();
        List<SweepPoint> pending = points.stream().filter(p -> !done.contains(p.index())).toList();
        int skipped = points.size() - pending.size();
        if (pending.size() > LARGE_SWEEP_POINTS) { // a word before a long silence (the progress bar may be off)
            options.log().printf(java.util.Locale.ROOT, "%s: %d points x %d policies to run (%d already stored); rows are stored in about 50 batches%n",
                    spec.name(), pending.size(), spec.policyLabels().size(), skipped);
        }

        Map<String, Object> provenance = new RunManifest(options.commandLine()).fields();
        Map<String, Object> previous = store.previousManifest();
        // A cached artefact that is not the one the stored rows were computed with is refused before anything is written.
        checkArtefacts(previous, PolicyArtefacts.cachedHashes(spec, store.folder()), skipped, out);
        PolicyArtefacts.check(spec, workload);
        RunSessions sessions = RunSessions.begin(started, previous, provenance, options.threads(), skipped, pending.size(),
                options.allowCommitChange(), options.log(), out);
        Map<String, Object> session = sessions.current();
        session.put("workload_build_seconds", workloadSeconds);
        session.put("engine", options.engine().name());
        Map<String, Object> artefactFields = new LinkedHashMap<>();
        if (previous != null && previous.get("artefacts") instanceof Map<?, ?> before) before.forEach((k, v) -> artefactFields.put((String) k, v));
        store.writeManifest(manifest(spec, store, provenance, sessions.all(), points.size(), skipped, "running", artefactFields));

        ExperimentSpec resolved = spec;
        int run = 0;
        String status = "interrupted";
        try {
            if (!PolicyArtefacts.none(spec)) {
                Instant before = Instant.now();
                PolicyArtefacts.Resolved r = PolicyArtefacts.resolve(spec, workload, store.folder(), options.threads(), options.log());
                Map<String, String> hashes = new LinkedHashMap<>();
                r.artefacts().forEach((label, a) -> hashes.put(label, a.sha256()));
                checkArtefacts(previous, hashes, skipped, out); // e.g. a deleted artefact made again differently
                artefactFields.clear();
                r.artefacts().forEach((label, a) -> artefactFields.put(label, a.toMap()));
                session.put("artefact_seconds", seconds(before, Instant.now()));
                store.writeManifest(manifest(spec, store, provenance, sessions.all(), points.size(), skipped, "running", artefactFields));
                resolved = r.spec();
            }
            run = sweep(resolved, workload, store, pending, skipped, options, sessions, provenance, artefactFields);
            status = "complete";
        } catch (BadInputException e) {
            // Bad input found before anything was computed (a predictor file that does not parse, say): leave nothing behind.
            if (fresh && sessions.pointsRunSoFar() == 0 && onlyManifest(store.folder())) {
                java.nio.file.Files.delete(store.folder().resolve(ExperimentStore.MANIFEST));
                java.nio.file.Files.delete(store.folder());
                status = "removed";
            }
            throw e;
        } finally {
            if (!status.equals("removed")) { // else nothing is left to record it in
                if (!status.equals("complete")) run = sessions.pointsRunSoFar();
                sessions.finish(status, run);
                // the sweep's own time: building the workload and tuning or training artefacts are not per point
                double artefactSeconds = session.get("artefact_seconds") instanceof Double a ? a : 0;
                session.put("seconds_per_point", run == 0 ? null : ((double) session.get("wall_seconds") - workloadSeconds - artefactSeconds) / run);
                // with a report to follow, "complete" waits for it (markComplete): a kill in between must not leave a complete manifest without it
                String written = status.equals("complete") && options.reportFollows() ? REPORTING : status;
                store.writeManifest(manifest(spec, store, provenance, sessions.all(), points.size(), skipped + run, written, artefactFields));
            }
        }
        if (sessions.unfinishedBefore() > 0) {
            options.log().printf(java.util.Locale.ROOT, "%s: finished the run that was interrupted (%d earlier session(s) did not finish)%n", spec.name(), sessions.unfinishedBefore());
        }
        return new Outcome(store, workload, points.size(), skipped, run, seconds(started, Instant.now()), resolved);
    }

    /** The manifest's status between the last stored point and the report being in place. */
    public static final String REPORTING = "complete-but-report-pending";

    /** The last step of a run whose report followed the sweep: only now does the manifest say complete. */
    public static void markComplete(ExperimentStore store) throws IOException {
        Map<String, Object> manifest = store.readManifest();
        manifest.put("status", "complete");
        store.writeManifest(manifest);
    }

    /** Sweeps with more points to run than this are announced before they start. */
    static final int LARGE_SWEEP_POINTS = 10_000;

    /** Rows one experiment may hold: metrics.csv is rewritten whole after every batch, and every row is kept in memory. */
    public static final long MAX_ROWS = 1_000_000;

    /** Refuses a sweep too large to store before anything is written or run, saying what fits. */
    static void checkSize(ExperimentSpec spec) {
        ExperimentSpec.SweepSpec s = spec.sweep();
        long points = spec.pointCount();
        long rows = points * spec.policyLabels().size();
        if (rows > MAX_ROWS) {
            throw BadInputException.at("sweep", points + " points x " + spec.policyLabels().size() + " policies = " + rows
                    + " rows; one experiment holds at most " + MAX_ROWS + " (its metrics.csv is rewritten after every batch): "
                    + "split it into several experiments or use fewer axis values");
        }
    }

    private static boolean onlyManifest(java.nio.file.Path folder) throws IOException {
        try (var entries = java.nio.file.Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).toList().equals(List.of(ExperimentStore.MANIFEST));
        }
    }

    /** Evaluates the pending points in batches, storing each batch and the manifest; returns how many points it ran. */
    private static int sweep(ExperimentSpec resolved, ExperimentWorkload workload, ExperimentStore store, List<SweepPoint> pending,
                             int skipped, Options options, RunSessions sessions, Map<String, Object> provenance,
                             Map<String, Object> artefactFields) throws IOException {
        ExperimentSpec spec = resolved;
        if (pending.isEmpty()) return 0; // nothing to evaluate: no engine to start (a Spark context takes seconds)
        int run = 0;
        List<SweepPoint> points = workload.points();
        // The engine seam: the rows of a batch come from this JVM's pool or from elsewhere (SweepEngine); the store is the same.
        // One point left with an optimum to solve (cotenant optimal): a points bar would sit at 0/1, so the solve reports its busy periods instead.
        boolean perBusyPeriod = options.progress() && pending.size() == 1 && workload.setting() instanceof TimeMultiplexedSetting
                && spec.policies().stream().anyMatch(PolicySpec::isOptimum);
        PointJob job = PointJob.of(resolved, workload, store.folder(), perBusyPeriod ? options.log() : null);
        try (SweepEngine.Session evaluator = options.engine().open(job, options.threads(), options.log());
             SweepProgress progress = options.progress() && !perBusyPeriod ? SweepProgress.start(spec.name(), points.size(), skipped, options.log()) : SweepProgress.NONE) {
            // About 50 stores per run: each rewrites metrics.csv, so fewer, larger batches once runs are long.
            int batchSize = Math.max(2 * evaluator.parallelism(), (pending.size() + 49) / 50);
            for (int from = 0; from < pending.size(); from += batchSize) {
                List<SweepPoint> batch = pending.subList(from, Math.min(pending.size(), from + batchSize));
                store.append(evaluator.evaluate(List.copyOf(batch)));
                run += batch.size();
                progress.advance(batch.size());
                sessions.batchStored(run);
                if (evaluator.optimumSolvesStoppedByTime() > 0) sessions.current().put("optimum_solves_stopped_by_time_limit", evaluator.optimumSolvesStoppedByTime());
                store.writeManifest(manifest(spec, store, provenance, sessions.all(), points.size(), skipped + run, "running", artefactFields));
                options.listener().stored(skipped + run, points.size());
            }
            if (evaluator.optimumSolvesStoppedByTime() > 0) {
                options.log().printf(java.util.Locale.ROOT, "warning: %s: %d optimum solve(s) ended on time_limit_s before moves_per_request ran out; those rows depend on "
                        + "this machine's speed (raise time_limit_s for results that depend on the spec alone); recorded in the manifest%n",
                        spec.name(), evaluator.optimumSolvesStoppedByTime());
            }
        }
        return run;
    }

    /** The artefacts behind stored rows are inputs of those rows: a resume with different ones is refused. */
    @SuppressWarnings("unchecked")
    static void checkArtefacts(Map<String, Object> previous, Map<String, String> sha256ByLabel, int storedPoints, java.nio.file.Path out) {
        if (previous == null || storedPoints == 0 || !(previous.get("artefacts") instanceof Map<?, ?> before)) return;
        for (Map.Entry<String, String> e : sha256ByLabel.entrySet()) {
            Object old = before.get(e.getKey());
            if (old instanceof Map<?, ?> m && m.get("sha256") != null && !m.get("sha256").equals(e.getValue())) {
                throw BadInputException.at(out.toString(), "policy '" + e.getKey() + "': its artefact " + m.get("file") + " has sha256 "
                        + e.getValue() + ", but the stored rows were computed with " + m.get("sha256")
                        + "; rerun with --restart (the stored rows belong to the other artefact)");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> manifest(ExperimentSpec spec, ExperimentStore store, Map<String, Object> provenance,
                                                List<Object> sessions, int total, int done, String status, Map<String, Object> artefacts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", spec.name());
        m.put("title", spec.title());
        m.put("paper", spec.paper());
        m.put("status", status);
        m.put("points_total", total);
        m.put("points_done", done);
        m.put("setting", spec.workload().setting());
        m.put("seeds", spec.sweep().seeds());
        m.put("spec_sha256", spec.sha256());
        RunSessions.putProvenance(m, provenance);
        if (!artefacts.isEmpty()) m.put("artefacts", artefacts);
        m.put("files", Map.of(ExperimentStore.METRICS, "one row per sweep point and policy; columns " + ExperimentStore.header()));
        RunSessions.putSummary(m, sessions);
        m.put("spec", spec.toJson());
        return m;
    }

    private static double seconds(Instant from, Instant to) { return Duration.between(from, to).toNanos() / 1e9; }
}

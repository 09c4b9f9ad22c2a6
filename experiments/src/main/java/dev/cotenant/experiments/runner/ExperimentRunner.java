package dev.cotenant.experiments.runner;

import dev.cotenant.experiments.results.ExperimentStore;
import dev.cotenant.experiments.results.RunManifest;
import dev.cotenant.experiments.spec.ExperimentSpec;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
     * @param progress    show a progress bar on stderr
     * @param commandLine the command after {@code cotenant}, recorded as the way to reproduce the run
     * @param restart     discard stored results of an experiment of the same name instead of resuming
     */
    public record Options(int threads, boolean progress, List<String> commandLine, BatchListener listener, boolean restart) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
            commandLine = List.copyOf(commandLine);
            if (listener == null) listener = (done, total) -> {};
        }

        public static Options quiet(int threads) { return new Options(threads, false, List.of(), null, false); }
    }

    /** What a run did: how many points there are, how many were already stored, how many it ran. */
    public record Outcome(ExperimentStore store, ExperimentWorkload workload, int pointsTotal, int pointsSkipped, int pointsRun,
                          double wallSeconds) {}

    private ExperimentRunner() {}

    public static Outcome run(ExperimentSpec spec, java.nio.file.Path out, Options options) throws IOException {
        Instant started = Instant.now();
        ExperimentStore store = ExperimentStore.open(out, spec, options.restart()); // refuses a foreign folder before any work
        ExperimentWorkload workload = new ExperimentWorkload(spec);
        double workloadSeconds = seconds(started, Instant.now());
        List<SweepPoint> points = workload.points();
        Set<Integer> done = store.completedPoints();
        List<SweepPoint> pending = points.stream().filter(p -> !done.contains(p.index())).toList();
        int skipped = points.size() - pending.size();

        Map<String, Object> provenance = new RunManifest(options.commandLine()).fields();
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("started", started.toString());
        session.put("git_commit", provenance.get("git_commit"));
        session.put("reproduce", provenance.get("reproduce"));
        session.put("threads", options.threads());
        session.put("points_skipped", skipped);
        session.put("points_to_run", pending.size());
        session.put("workload_build_seconds", workloadSeconds);
        List<Object> sessions = previousSessions(store);
        sessions.add(session);
        store.writeManifest(manifest(spec, store, provenance, sessions, points.size(), skipped, "running"));

        PointEvaluator evaluator = new PointEvaluator(spec, workload);
        // About 50 stores per run: each rewrites metrics.csv, so fewer, larger batches once runs are long.
        int batchSize = Math.max(2 * options.threads(), (pending.size() + 49) / 50);
        int run = 0;
        String status = "interrupted";
        try (SweepProgress progress = options.progress() ? SweepProgress.start(spec.name(), points.size(), skipped) : SweepProgress.NONE) {
            for (int from = 0; from < pending.size(); from += batchSize) {
                List<SweepPoint> batch = pending.subList(from, Math.min(pending.size(), from + batchSize));
                store.append(evaluator.evaluate(batch, options.threads()));
                run += batch.size();
                progress.advance(batch.size());
                options.listener().stored(skipped + run, points.size());
            }
            status = "complete";
        } finally {
            Instant finished = Instant.now();
            session.put("finished", finished.toString());
            session.put("points_run", run);
            session.put("wall_seconds", seconds(started, finished));
            session.put("seconds_per_point", run == 0 ? null : (seconds(started, finished) - workloadSeconds) / run);
            store.writeManifest(manifest(spec, store, provenance, sessions, points.size(), skipped + run, status));
        }
        return new Outcome(store, workload, points.size(), skipped, run, seconds(started, Instant.now()));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> previousSessions(ExperimentStore store) {
        Map<String, Object> previous = store.previousManifest();
        if (previous != null && previous.get("sessions") instanceof List<?> list) return new ArrayList<>((List<Object>) list);
        return new ArrayList<>();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> manifest(ExperimentSpec spec, ExperimentStore store, Map<String, Object> provenance,
                                                List<Object> sessions, int total, int done, String status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", spec.name());
        m.put("title", spec.title());
        m.put("paper", spec.paper());
        m.put("status", status);
        m.put("points_total", total);
        m.put("points_done", done);
        m.put("seeds", spec.sweep().seeds());
        m.put("spec_sha256", spec.sha256());
        Map<String, Object> first = (Map<String, Object>) sessions.get(0);
        Map<String, Object> last = (Map<String, Object>) sessions.get(sessions.size() - 1);
        m.put("started", first.get("started"));
        m.put("finished", last.get("finished"));
        double wall = 0;
        for (Object s : sessions) if (((Map<?, ?>) s).get("wall_seconds") instanceof Number n) wall += n.doubleValue();
        m.put("wall_seconds_total", wall);
        m.put("git_commit", provenance.get("git_commit"));
        m.put("cotenant_version", provenance.get("cotenant_version"));
        m.put("java", provenance.get("java"));
        m.put("machine", provenance.get("machine"));
        m.put("reproduce", provenance.get("reproduce"));
        m.put("files", Map.of(ExperimentStore.METRICS, "one row per sweep point and policy; columns " + ExperimentStore.header()));
        m.put("sessions", sessions);
        m.put("spec", spec.toJson());
        return m;
    }

    private static double seconds(Instant from, Instant to) { return Duration.between(from, to).toNanos() / 1e9; }
}

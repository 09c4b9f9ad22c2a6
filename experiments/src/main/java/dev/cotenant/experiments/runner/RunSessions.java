package dev.cotenant.experiments.runner;

import dev.cotenant.simulator.BadInputException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest's account of the sessions that filled one result folder, for every runner: which
 * commit each ran, how far it got, how it ended. A resumed folder keeps the earlier sessions and
 * marks those that never recorded an end (a SIGKILL runs no code) as killed.
 */
final class RunSessions {
    private final List<Object> all;
    private final Map<String, Object> current = new LinkedHashMap<>();
    private final Instant started;
    private final int unfinishedBefore;

    private RunSessions(List<Object> all, Instant started, int unfinishedBefore) {
        this.all = all;
        this.started = started;
        this.unfinishedBefore = unfinishedBefore;
    }

    /**
     * Opens this session after the folder's earlier ones ({@code previous} is the stored manifest, or
     * null for a new folder). Refuses a resume across commits unless {@code allowCommitChange} (see
     * {@link #checkCommit}) before anything is written.
     */
    static RunSessions begin(Instant started, Map<String, Object> previous, Map<String, Object> provenance, int threads, int pointsSkipped,
                             int pointsToRun, boolean allowCommitChange, PrintStream log, Path out) {
        String commitNote = checkCommit(previous, provenance, allowCommitChange, log, out);
        List<Object> sessions = previousSessions(previous);
        int unfinished = markUnfinished(sessions, previous, log, out);
        RunSessions s = new RunSessions(sessions, started, unfinished);
        s.current.put("started", started.toString());
        s.current.put("git_commit", provenance.get("git_commit"));
        s.current.put("reproduce", provenance.get("reproduce"));
        s.current.put("threads", threads);
        s.current.put("points_skipped", pointsSkipped);
        s.current.put("points_to_run", pointsToRun);
        if (commitNote != null) s.current.put("commit_changed", commitNote);
        sessions.add(s.current);
        return s;
    }

    /** Every session, this one last: the manifest's {@code sessions} list. */
    List<Object> all() { return all; }

    /**
     * The manifest's summary of a session list (first start, last finish, total wall time, how many
     * did not complete) and the list itself; {@code sessions} as {@link #all} returns it.
     */
    static void putSummary(Map<String, Object> manifest, List<Object> sessions) {
        Map<?, ?> first = (Map<?, ?>) sessions.get(0);
        Map<?, ?> last = (Map<?, ?>) sessions.get(sessions.size() - 1);
        manifest.put("started", first.get("started"));
        manifest.put("finished", last.get("finished"));
        double wall = 0;
        for (Object s : sessions) if (((Map<?, ?>) s).get("wall_seconds") instanceof Number n) wall += n.doubleValue();
        manifest.put("wall_seconds_total", wall);
        manifest.put("sessions_interrupted", sessions.stream().map(x -> ((Map<?, ?>) x).get("ended")).filter(e -> e != null && !"complete".equals(e)).count());
        manifest.put("sessions", sessions);
    }

    /** The code and machine behind the latest session, as every runner's manifest records them. */
    static void putProvenance(Map<String, Object> manifest, Map<String, Object> provenance) {
        for (String key : new String[] {"git_commit", "cotenant_version", "java", "machine", "reproduce"}) manifest.put(key, provenance.get(key));
    }

    /** This session's record, for runner-specific fields. */
    Map<String, Object> current() { return current; }

    /** Earlier sessions that did not finish (killed or interrupted). */
    int unfinishedBefore() { return unfinishedBefore; }

    /** What a SIGKILL leaves: how far this session got and when, so a resume can report it. */
    void batchStored(int pointsRun) {
        current.put("points_run", pointsRun);
        current.put("last_batch_stored", Instant.now().toString());
        current.put("wall_seconds_until_last_batch", secondsSince(started));
    }

    /** Points run so far, as last recorded by {@link #batchStored}. */
    int pointsRunSoFar() { return current.get("points_run") instanceof Integer n ? n : 0; }

    void finish(String status, int pointsRun) {
        current.put("finished", Instant.now().toString());
        current.put("ended", status);
        current.put("points_run", pointsRun);
        current.put("wall_seconds", secondsSince(started));
    }

    static double secondsSince(Instant from) { return Duration.between(from, Instant.now()).toNanos() / 1e9; }

    /**
     * Resuming rows computed by other code would mix two versions in one metrics.csv, so a changed commit is refused
     * (exit 2) unless {@code allowCommitChange}; then it is warned about and recorded. A commit that cannot be compared
     * ({@code unknown}, or the same commit with uncommitted changes on either side, {@code +dirty}) is only warned about:
     * the code may or may not differ. Returns the note to record, or null when the commits are equal.
     */
    static String checkCommit(Map<String, Object> previous, Map<String, Object> provenance, boolean allowCommitChange, PrintStream log, Path out) {
        if (previous == null) return null;
        String before = String.valueOf(previous.get("git_commit"));
        String now = String.valueOf(provenance.get("git_commit"));
        if (before.equals(now)) return null;
        String note = "stored rows were computed on commit " + before + ", this session runs " + now;
        String baseBefore = before.replace("+dirty", ""), baseNow = now.replace("+dirty", "");
        boolean comparable = !baseBefore.equals("unknown") && !baseNow.equals("unknown") && !baseBefore.equals("null");
        if (comparable && !baseBefore.equals(baseNow) && !allowCommitChange) {
            throw BadInputException.at(out.toString(), note + "; resuming would mix rows of two code versions. Rerun with --restart to "
                    + "start over on this commit, or --allow-commit-change to resume anyway (recorded in the manifest)");
        }
        log.println("warning: " + out + ": " + note + "; resuming " + (comparable && !baseBefore.equals(baseNow)
                ? "anyway (--allow-commit-change)" : "(the code may differ: uncommitted changes or an unknown commit)") + "; recorded in the manifest");
        return note;
    }

    /**
     * Sessions that never recorded a finish were killed (a SIGKILL runs no code); an exception leaves status
     * {@code interrupted}. Both are marked so the manifest says what happened; returns how many there were.
     */
    @SuppressWarnings("unchecked")
    private static int markUnfinished(List<Object> sessions, Map<String, Object> previous, PrintStream log, Path out) {
        if (previous == null) return 0;
        int count = 0;
        for (Object o : sessions) {
            if (!(o instanceof Map<?, ?> raw)) continue;
            Map<String, Object> s = (Map<String, Object>) raw;
            if (s.get("finished") == null && !s.containsKey("ended")) {
                s.put("ended", "killed: no finish recorded (the run was stopped without a chance to write; found on resume)");
                s.put("wall_seconds", s.get("wall_seconds_until_last_batch")); // time up to its last stored batch, a lower bound
                count++;
            } else if ("interrupted".equals(s.get("ended"))) {
                count++;
            }
        }
        Object status = previous.get("status");
        if ("running".equals(status) || "interrupted".equals(status)) {
            log.printf(java.util.Locale.ROOT, "%s: the previous run was %s (%s of %s points stored); resuming%n", out,
                    "running".equals(status) ? "killed" : "interrupted", previous.get("points_done"), previous.get("points_total"));
        }
        return count;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> previousSessions(Map<String, Object> previous) {
        if (previous != null && previous.get("sessions") instanceof List<?> list) return new ArrayList<>((List<Object>) list);
        return new ArrayList<>();
    }
}

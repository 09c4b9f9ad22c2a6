package dev.cotenant.experiments.spec;

import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.search.optimal.objective.ScheduleObjective.Cost;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One optimum solve's busy periods as lines on the runner's log: what a long one-point run (such as
 * {@code cotenant optimal}) shows instead of a points bar that would sit at 0/1 until the end. At most
 * one line every {@link #INTERVAL_NANOS} (a search improves its best hundreds of times), except that a
 * period solved by OptaPlanner and the last period always get theirs.
 */
final class OptimumProgress implements OfflineOptimizer.Progress {
    static final long INTERVAL_NANOS = 3_000_000_000L;
    private final PrintStream log;
    private final String label;
    private final int totalRequests;
    private final long startNanos = System.nanoTime();
    private int solvedRequests;
    private long lastPrintNanos = startNanos;

    OptimumProgress(PrintStream log, String label, int totalRequests) {
        this.log = log;
        this.label = label;
        this.totalRequests = totalRequests;
    }

    @Override
    public void partSolved(OfflineOptimizer.PartReport r, int partsTotal) {
        solvedRequests += r.requests();
        long now = System.nanoTime();
        if (!r.method().equals("optaplanner") && r.part() != partsTotal - 1 && now - lastPrintNanos <= INTERVAL_NANOS) return;
        log.printf(Locale.ROOT, "%s: busy period %d/%d (%d requests) by %s%s, weighted misses %.0f (starting order %.0f) %s; %s%n",
                label, r.part() + 1, partsTotal, r.requests(), r.method(), r.proven() ? ", proven in family" : "",
                r.cost().weightedMissedDeadlines(), r.seedCost().weightedMissedDeadlines(), r.missesProven() ? "proven optimal"
                        : String.format(Locale.ROOT, "bracketed [%.0f, %.0f]", r.certifiedBound().weightedMissedDeadlines(),
                                r.cost().weightedMissedDeadlines()), done(now));
        log.flush();
        lastPrintNanos = now;
    }

    @Override
    public void searching(int part, int requests, Cost best) {
        long now = System.nanoTime();
        if (now - lastPrintNanos <= INTERVAL_NANOS) return;
        log.printf(Locale.ROOT, "%s: searching busy period %d (%d requests), best so far: weighted misses %.0f, turnaround sum %.3f; %s%n",
                label, part + 1, requests, best.weightedMissedDeadlines(), best.normalizedTurnaroundSum(), done(now));
        log.flush();
        lastPrintNanos = now;
    }

    private String done(long now) {
        double elapsed = (now - startNanos) / 1e9;
        String eta = solvedRequests == 0 ? "?" : Math.round(elapsed / solvedRequests * (totalRequests - solvedRequests)) + " s";
        return String.format(Locale.ROOT, "%d/%d requests done, elapsed %d s, ETA %s", solvedRequests, totalRequests, Math.round(elapsed), eta);
    }
}

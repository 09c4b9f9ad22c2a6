package dev.cotenant.search.optimal.certify;

import com.google.ortools.Loader;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import dev.cotenant.simulator.BadInputException;

/**
 * How CP-SAT is run here: its native library loaded once, and every solve limited by
 * <em>deterministic</em> time (CP-SAT's own work count, not the wall clock) with a fixed worker
 * count and seed, so an answer is the same on any machine and any load. One worker by default:
 * CP-SAT's multi-worker portfolio is not reproducible run to run.
 *
 * @param workers             CP-SAT search workers ({@code num_workers})
 * @param randomSeed          CP-SAT's {@code random_seed}
 * @param deterministicSeconds limit per solve in CP-SAT's deterministic time units (roughly seconds
 *                             of one core)
 * @param turnaroundMaxRequests busy periods of at most this many requests, their misses proven, also get
 *                             the second lexicographic solve ({@link TurnaroundModel}); 0: none
 */
public record CpSat(int workers, long randomSeed, double deterministicSeconds, int turnaroundMaxRequests) {
    public static final CpSat DEFAULT = new CpSat(1, 1, 10);

    public CpSat(int workers, long randomSeed, double deterministicSeconds) { this(workers, randomSeed, deterministicSeconds, 0); }

    public CpSat {
        if (workers < 1) throw BadInputException.setting("certify_workers", "must be >= 1, got " + workers);
        if (!(deterministicSeconds > 0) || Double.isInfinite(deterministicSeconds)) {
            throw BadInputException.setting("certify_limit", "must be > 0, got " + deterministicSeconds);
        }
        if (turnaroundMaxRequests < 0) throw BadInputException.setting("certify_turnaround", "must be >= 0 requests, got " + turnaroundMaxRequests);
    }

    public CpSat withDeterministicSeconds(double seconds) { return new CpSat(workers, randomSeed, seconds, turnaroundMaxRequests); }

    public CpSat withTurnaroundMaxRequests(int requests) { return new CpSat(workers, randomSeed, deterministicSeconds, requests); }

    private static boolean loaded;

    /** Loads OR-Tools' native library once; before any model is built (its variables are native objects). */
    public static synchronized void load() {
        if (!loaded) {
            Loader.loadNativeLibraries();
            loaded = true;
        }
    }

    /** A solver with this record's workers, seed and deterministic limit (and the wall-clock safety net). */
    public CpSolver solver() {
        load();
        CpSolver solver = new CpSolver();
        // The wall clock is only a safety net (CP-SAT's presolve is not always counted in
        // deterministic time); a solve it ends is reported as such, since it depends on the machine.
        solver.getParameters().setNumWorkers(workers).setRandomSeed((int) randomSeed).setMaxDeterministicTime(deterministicSeconds)
                .setMaxTimeInSeconds(wallSafetySeconds()).setLogSearchProgress(false);
        return solver;
    }

    /**
     * Wall-clock limit of a solve: far above what the deterministic limit should take. At 3x (at
     * least 10 s) it ended the exact preemptive bound of a 171-request period on a 2-core machine
     * at load 11, which gave 24 where a quiet run proves 26: the answer then depended on the machine.
     */
    public double wallSafetySeconds() { return Math.max(60, 10 * deterministicSeconds); }

    /** Whether the wall-clock net, not the deterministic limit, ended a solve (its answer then depends on the machine). */
    public boolean endedByWallClock(CpSolver solver) { return solver.wallTime() >= 0.99 * wallSafetySeconds(); }

    /** A solve ended with a usable model answer (optimal, or a feasible solution under the limit). */
    public static boolean hasSolution(CpSolverStatus status) {
        return status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.FEASIBLE;
    }
}

package dev.cotenant.experiments.cli;

import dev.cotenant.search.optimal.ExactOrderSolver;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.experiments.spec.SpecReader;
import dev.cotenant.simulator.BadInputException;
import picocli.CommandLine.Option;


/** The offline optimiser's options, shared by {@code optimal} and {@code compare}. */
public final class OptimalSettings {
    @Option(names = "--time-limit", required = true, paramLabel = "SECONDS",
            description = "Wall-clock budget of the OptaPlanner searches (per trace), shared by the busy periods too large for the exact solver.")
    double timeLimitSeconds;

    @Option(names = "--exact", description = "Prove every busy period with the exact solver; refuse traces with a period above --exact-max.")
    boolean exactOnly;

    @Option(names = "--exact-max", defaultValue = "" + ExactOrderSolver.DEFAULT_MAX_REQUESTS, paramLabel = "N",
            description = "Largest busy period (requests) given to the exact solver (default: ${DEFAULT-VALUE}, at most "
                    + ExactOrderSolver.HARD_MAX_REQUESTS + ").")
    int exactMaxRequests;

    @Option(names = "--objective", defaultValue = "lexicographic", paramLabel = "KIND",
            description = "lexicographic (priority-weighted missed deadlines, then ANTT), weighted (--miss-weight * misses + --antt-weight * turnaround sum) "
                    + "worst_model_miss_rate (the worst model's miss rate, then lexicographic) or max:xr_score (the highest XR score, then "
                    + "lexicographic); these two are searched over the whole trace and not certified. Default: ${DEFAULT-VALUE}.")
    String objective;

    @Option(names = "--miss-weight", defaultValue = "1", paramLabel = "W", description = "Weight of a priority unit of missed deadline (weighted objective).")
    double missWeight;

    @Option(names = "--antt-weight", defaultValue = "1", paramLabel = "W", description = "Weight of a unit of normalised turnaround (weighted objective).")
    double anttWeight;

    @Option(names = "--moves-per-request", paramLabel = "N",
            description = "Also stop each OptaPlanner search after N scored moves per request of its busy period: while --time-limit does "
                    + "not bind, the answer depends on the trace and settings only, not on the machine (default: the time limit alone).")
    Integer movesPerRequest;

    @Option(names = "--certify-limit", defaultValue = "" + DEFAULT_CERTIFY_LIMIT, paramLabel = "UNITS",
            description = "CP-SAT's limit per solve when certifying a busy period's weighted misses, in its deterministic time units "
                    + "(about a second of one core; the answer does not depend on the machine). Default: ${DEFAULT-VALUE}.")
    double certifyLimit;

    @Option(names = "--certify-workers", defaultValue = "1", paramLabel = "N",
            description = "CP-SAT workers per solve (default: ${DEFAULT-VALUE}; more than one is faster but not reproducible run to run).")
    int certifyWorkers;

    @Option(names = "--no-certify", description = "Skip the CP-SAT certification: the optimum searched over fixed orders only, bounded by the window argument.")
    boolean noCertify;

    @Option(names = "--certify-turnaround", paramLabel = "N", arity = "0..1", fallbackValue = "" + DEFAULT_CERTIFY_TURNAROUND,
            description = "Also minimise the turnaround sum with the misses fixed at their proven optimum (a second CP-SAT solve, same "
                    + "limit) on busy periods of at most N requests (default N when given without a value: ${FALLBACK-VALUE}); off by default, "
                    + "as CP-SAT proves turnaround only on small periods.")
    Integer certifyTurnaround;

    static final double DEFAULT_CERTIFY_LIMIT = SpecReader.DEFAULT_CERTIFY_LIMIT;
    static final int DEFAULT_CERTIFY_TURNAROUND = 5;

    /** These options as a spec's optimum entry (what {@code compare} runs; {@code optimal} solves with its settings). */
    PolicySpec.Optimum toOptimum() {
        if (!(timeLimitSeconds > 0) || Double.isInfinite(timeLimitSeconds)) {
            throw BadInputException.at("--time-limit", "must be > 0 seconds, got " + timeLimitSeconds);
        }
        if (!SpecReader.OPTIMUM_OBJECTIVES.contains(objective)) {
            throw BadInputException.at("--objective", "unknown objective '" + objective + "'; known: " + String.join(", ", SpecReader.OPTIMUM_OBJECTIVES));
        }
        if (movesPerRequest != null && movesPerRequest < 1) {
            throw BadInputException.at("--moves-per-request", "must be >= 1, got " + movesPerRequest);
        }
        if (noCertify && certifyTurnaround != null) throw BadInputException.at("--certify-turnaround", "needs certification: drop --no-certify");
        // objectives with a whole-trace first key are not certified (CP-SAT proves their second key): no certificate to ask for
        boolean wholeTrace = objective.equals("worst_model_miss_rate") || objective.equals("max:xr_score");
        if (wholeTrace && certifyTurnaround != null) throw BadInputException.at("--certify-turnaround", "does not apply with --objective " + objective);
        PolicySpec.Certify certify = noCertify || wholeTrace ? null : new PolicySpec.Certify(certifyLimit, certifyWorkers, certifyTurnaround == null ? 0 : certifyTurnaround);
        PolicySpec.Optimum o = new PolicySpec.Optimum(objective, missWeight, anttWeight, timeLimitSeconds,
                movesPerRequest == null ? 0 : movesPerRequest, exactMaxRequests, exactOnly, certify);
        o.optimizerSettings(); // the optimiser's and CP-SAT's own checks, before anything runs
        return o;
    }
}

package dev.cotenant.search.tune;

import dev.cotenant.simulator.setting.Setting;

import dev.cotenant.simulator.BadInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a tuning run is asked to do. The fields that decide the search trajectory (see
 * {@link #trajectoryFingerprint}) must match a checkpoint to resume it; the stopping rules
 * (generations, budgets, patience), the validation set size and the thread count may change.
 *
 * @param bounds               narrowed bounds by parameter name ({@code [lower, upper]}); empty for the policy's own
 * @param trainingTraceCount   traces every candidate is averaged over
 * @param validationTraceCount held-out traces for the final comparison
 * @param generations          generations to run in total (across resumes)
 * @param maxEvaluations       stop once this many candidate evaluations (each over every training trace) are done; 0: no limit
 * @param maxWallSeconds       stop after this much search time, summed over resumes; 0: no limit (a wall budget makes the stopping point machine-dependent)
 * @param patienceGenerations  stop when the best (or the Pareto front) has not improved for this many generations; 0: never
 * @param threads              evaluation threads; results do not depend on it
 * @param racingMargin         null: every candidate runs every training trace. Otherwise a new
 *                             candidate stops after the trace at which even the best possible
 *                             values on its remaining traces cannot bring its mean within this
 *                             margin of the best found so far ({@link dev.cotenant.simulator.evaluate.Racing});
 *                             its fitness is then that optimistic bound. Needs a one-metric objective.
 * @param search               how candidates are proposed ({@link SearchAlgorithm}); GA by default
 */
public record TuningSettings(String policyName, Map<String, double[]> bounds, TraceDistribution traces,
                             int trainingTraceCount, int validationTraceCount, Objective objective, int populationSize,
                             int generations, long seed, long maxEvaluations, double maxWallSeconds,
                             int patienceGenerations, int threads, Double racingMargin, SearchAlgorithm search) {
    /** With the genetic algorithm. */
    public TuningSettings(String policyName, Map<String, double[]> bounds, TraceDistribution traces,
                          int trainingTraceCount, int validationTraceCount, Objective objective, int populationSize,
                          int generations, long seed, long maxEvaluations, double maxWallSeconds,
                          int patienceGenerations, int threads, Double racingMargin) {
        this(policyName, bounds, traces, trainingTraceCount, validationTraceCount, objective, populationSize, generations, seed,
                maxEvaluations, maxWallSeconds, patienceGenerations, threads, racingMargin, SearchAlgorithm.GA);
    }

    /** Without racing. */
    public TuningSettings(String policyName, Map<String, double[]> bounds, TraceDistribution traces,
                          int trainingTraceCount, int validationTraceCount, Objective objective, int populationSize,
                          int generations, long seed, long maxEvaluations, double maxWallSeconds,
                          int patienceGenerations, int threads) {
        this(policyName, bounds, traces, trainingTraceCount, validationTraceCount, objective, populationSize, generations, seed,
                maxEvaluations, maxWallSeconds, patienceGenerations, threads, null);
    }

    public TuningSettings withRacing(Double margin) {
        return new TuningSettings(policyName, bounds, traces, trainingTraceCount, validationTraceCount, objective, populationSize,
                generations, seed, maxEvaluations, maxWallSeconds, patienceGenerations, threads, margin, search);
    }

    public TuningSettings withSearch(SearchAlgorithm algorithm) {
        return new TuningSettings(policyName, bounds, traces, trainingTraceCount, validationTraceCount, objective, populationSize,
                generations, seed, maxEvaluations, maxWallSeconds, patienceGenerations, threads, racingMargin, algorithm);
    }

    public TuningSettings {
        bounds = Map.copyOf(bounds);
        if (search == null) throw new IllegalArgumentException("search is null");
        if (search == SearchAlgorithm.ES && !(objective instanceof Objective.Scalar)) {
            throw BadInputException.setting("search", "es needs a scalar objective (it keeps one parent); use ga or random for a Pareto front");
        }
        if (populationSize < 2) throw BadInputException.setting("population", "must be >= 2, got " + populationSize);
        if (generations < 1) throw BadInputException.setting("generations", "must be >= 1, got " + generations);
        if (trainingTraceCount < 1) throw BadInputException.setting("train_traces", "must be >= 1, got " + trainingTraceCount);
        if (validationTraceCount < 1) throw BadInputException.setting("validation_traces", "must be >= 1, got " + validationTraceCount);
        if (maxEvaluations < 0) throw BadInputException.setting("max_evaluations", "must be >= 0, got " + maxEvaluations);
        if (!(maxWallSeconds >= 0)) throw BadInputException.setting("max_seconds", "must be >= 0, got " + maxWallSeconds);
        if (patienceGenerations < 0) throw BadInputException.setting("patience", "must be >= 0, got " + patienceGenerations);
        if (threads < 1) throw BadInputException.setting("threads", "must be >= 1, got " + threads);
        if (racingMargin != null) {
            if (!(racingMargin >= 0) || racingMargin.isInfinite()) {
                throw BadInputException.setting("racing", "the margin must be a finite number >= 0, got " + racingMargin);
            }
            if (!(objective instanceof Objective.Scalar s) || s.terms().size() != 1 || s.terms().get(0).weight() <= 0
                    || s.higherIsBetter() != s.terms().get(0).metric().higherIsBetter()) {
                throw BadInputException.setting("racing", "needs an objective of one metric in its own direction (its bound is "
                        + "per metric), got '" + objective.label() + "'");
            }
        }
    }

    /** The metric racing bounds, and its weight in the objective; only with racing. */
    Objective.Term racedTerm() { return ((Objective.Scalar) objective).terms().get(0); }

    /** What fixes the sequence of populations; a checkpoint records it and resume checks it. */
    Map<String, Object> trajectoryFingerprint(SearchSpace space, Setting setting) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("policy", policyName);
        Map<String, List<Object>> searched = new LinkedHashMap<>();
        space.bounds().forEach(p -> searched.put(p.name(), List.of(p.lower(), p.upper(), p.scale().name())));
        f.put("bounds", searched);
        f.put("backend", setting.describe());
        if (!traces.workload().isEmpty()) f.put("workload", traces.workload());
        if (traces.fromFiles()) {
            f.put("trace_files", traces.files()); // with the counts and the seed, they fix the split
            f.put("validation_traces", validationTraceCount);
        } else {
            f.put("rate_per_s", List.of(traces.rateLowPerSecond(), traces.rateHighPerSecond()));
            f.put("slo_multiplier", List.of(traces.sloMultiplierLow(), traces.sloMultiplierHigh()));
            f.put("requests", traces.requestCount());
        }
        f.put("training_traces", trainingTraceCount);
        f.put("objective", objective.label());
        f.put("population", populationSize);
        f.put("seed", seed);
        // racing changes raced-out candidates' fitness and so the populations; absent when off,
        // so checkpoints written before racing existed still resume
        if (racingMargin != null) f.put("racing_margin", racingMargin);
        // likewise absent for the genetic algorithm, so earlier checkpoints still resume
        if (search != SearchAlgorithm.GA) f.put("search", search.label());
        return f;
    }
}

package dev.cotenant.experiments.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cotenant.search.optimal.OfflineOptimizer;
import dev.cotenant.search.optimal.certify.CpSat;
import dev.cotenant.search.optimal.moca.MocaPlanSearch;
import dev.cotenant.search.optimal.objective.ScheduleObjective;
import dev.cotenant.simulator.policy.ParameterSpace;
import dev.cotenant.simulator.policy.Policy;

import java.time.Duration;
import java.util.List;

/**
 * A policy of an experiment: the label its rows carry, the resolved policy, and where its
 * parameters came from ({@code published}, {@code overrides}, {@code best.json:PATH} for a
 * tuner's output, {@code tuned}, {@code predictor}, {@code optimum}).
 *
 * <p>Three kinds need work before the sweep: a {@link Tuned} policy is tuned once at experiment start
 * and a {@link Learned} one trains its predictor once; both cache the artefact in the result folder
 * ({@code runner.PolicyArtefacts}). Until then {@link #policy()} is the published vector of the
 * scheduler, a placeholder. An {@link Optimum} entry has no policy at all: the offline optimiser
 * orders each point's requests, and the same kernel and metric code measure that order.
 *
 * @param tuned     how to tune, or null
 * @param learned   how to train or load the predictor, or null
 * @param optimum   the offline optimiser's settings, or null
 * @param vector    a policy of a setting other than the time-multiplexed one (its {@code policy} is then null), or null
 */
public record PolicySpec(String label, Policy policy, String origin, Tuned tuned, Learned learned, Optimum optimum, Vector vector) {
    public PolicySpec(String label, Policy policy, String origin) { this(label, policy, origin, null, null, null, null); }

    public PolicySpec(String label, Policy policy, String origin, Tuned tuned, Learned learned, Optimum optimum) {
        this(label, policy, origin, tuned, learned, optimum, null);
    }

    /** A published policy of another setting (MoCA's) with one value per parameter of its space. */
    public record Vector(String policy, ParameterSpace space, double[] parameters) {
        public Vector {
            space.validate(policy, parameters);
            parameters = parameters.clone();
        }

        @Override
        public double[] parameters() { return parameters.clone(); }
    }

    /** The policy's name, whichever setting it belongs to. */
    public String schedulerName() { return vector != null ? vector.policy() : policy.schedulerName(); }

    /** Its parameter space. */
    public ParameterSpace space() { return vector != null ? vector.space() : policy.space(); }

    /** Its parameter vector. */
    public double[] parameters() { return vector != null ? vector.parameters() : policy.parameters(); }

    /** Suffixes of the two lower-bound rows an optimum entry adds after its own row. */
    public static final String FAMILY_BOUND_SUFFIX = "-lower-bound-family";
    public static final String RELAXATION_BOUND_SUFFIX = "-lower-bound-any-schedule";

    /** What a label may be: a CSV field as is, and a folder name (artefacts/LABEL) that stays inside its parent. */
    static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[A-Za-z0-9._()=+:-]+");

    /**
     * The one label rule of specs and the CLI: every label a CSV field and no path ({@code .} or {@code ..}),
     * no label twice. Returns the problem, or null; callers name where (the spec key or the option).
     */
    public static String labelProblem(String label, java.util.Set<String> seen) {
        if (!LABEL.matcher(label).matches()) return "label '" + label + "' must match " + LABEL.pattern() + " (it is a CSV field)";
        if (label.chars().allMatch(c -> c == '.')) return "label '" + label + "' is a path, not a name (it names a folder of the results)";
        if (!seen.add(label)) return "label '" + label + "' is used twice";
        return null;
    }

    public boolean isOptimum() { return optimum != null; }

    /** Needs an artefact (tuning or a trained predictor) before it can run. */
    public boolean needsArtefact() { return tuned != null || learned != null; }

    /** The labels of the rows this entry produces per point: its own, plus the two bounds of an optimum. */
    public List<String> rowLabels() {
        if (!isOptimum()) return List.of(label);
        if (optimum.plan() != null) return List.of(label, label + RELAXATION_BOUND_SUFFIX); // MoCA's bound holds for every schedule
        if (optimum.certify() == null) return List.of(label, label + FAMILY_BOUND_SUFFIX, label + RELAXATION_BOUND_SUFFIX);
        return List.of(label, label + FAMILY_BOUND_SUFFIX, label + RELAXATION_BOUND_SUFFIX, label + CERTIFIED_BOUND_SUFFIX);
    }

    /** This entry with its artefact applied: the tuned vector or the policy carrying its predictor. */
    public PolicySpec resolved(Policy resolvedPolicy) { return new PolicySpec(label, resolvedPolicy, origin, tuned, learned, optimum, vector); }

    /**
     * {@code tuned:} the tuner ({@code cotenant tune}) run once at experiment start.
     *
     * @param rateLowPerSecond   training arrival rates, uniform; NaN = the sweep's lowest rate
     * @param rateHighPerSecond  NaN = the sweep's highest rate
     * @param sloLow             training SLO multipliers, uniform; NaN = the sweep's (or scenario's) range
     * @param seed               seeds the training traces (and the search); never a sweep seed
     */
    public record Tuned(String scheduler, String objective, int generations, int population, int trainTraces, int validationTraces,
                        int requests, double rateLowPerSecond, double rateHighPerSecond, double sloLow, double sloHigh, long seed) {
        /** Small enough for {@code --quick}: a few generations of a small population. */
        Tuned quick() {
            return new Tuned(scheduler, objective, Math.min(generations, 3), Math.min(population, 8), Math.min(trainTraces, 4),
                    Math.min(validationTraces, 4), Math.min(requests, 200), rateLowPerSecond, rateHighPerSecond, sloLow, sloHigh, seed);
        }
    }

    /**
     * {@code predictor:} a learned scheduler ({@code dysta-learned}, {@code sjf-learned}) with a predictor
     * trained once at experiment start on the experiment's own latency tables ({@code model} null), or
     * read from {@code model} (a predictor.txt or predictor.zip).
     */
    public record Learned(String scheduler, String model, int samples, long splitSeed, long seed, int maxEpochs) {
        Learned quick() { return new Learned(scheduler, model, Math.min(samples, 40), splitSeed, seed, Math.min(maxEpochs, 5)); }
    }

    /**
     * {@code optimum:} the offline optimum ({@code cotenant optimal}) of each point's trace.
     *
     * @param movesPerRequest scored OptaPlanner moves per request of a large busy period (0: the time limit
     *                        alone); with a time limit that does not bind, this makes the row a function of the trace alone
     * @param exactOnly       every busy period proven by the exact solver; a longer one is refused
     * @param certify         CP-SAT certification of each busy period's weighted misses, or null: none (a
     *                        certified-bound row then follows the two bound rows)
     */
    public record Optimum(String objective, double missWeight, double anttWeight, double timeLimitSeconds, int movesPerRequest,
                          int exactMaxRequests,
                          // left out of the fingerprint when off, so specs written before these keys keep theirs
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean exactOnly,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Certify certify,
                          @JsonInclude(JsonInclude.Include.NON_NULL) PlanSearch plan) implements java.io.Serializable {
        /** Settings without certification or exact-only proofs (what a spec without those keys means). */
        public Optimum(String objective, double missWeight, double anttWeight, double timeLimitSeconds, int movesPerRequest, int exactMaxRequests) {
            this(objective, missWeight, anttWeight, timeLimitSeconds, movesPerRequest, exactMaxRequests, false, null);
        }

        /** The time-multiplexed setting's optimum. */
        public Optimum(String objective, double missWeight, double anttWeight, double timeLimitSeconds, int movesPerRequest, int exactMaxRequests,
                       boolean exactOnly, Certify certify) {
            this(objective, missWeight, anttWeight, timeLimitSeconds, movesPerRequest, exactMaxRequests, exactOnly, certify, null);
        }

        /** MoCA's optimum: the plan search's budget ({@code moves} scored plans, 0: none; {@code timeLimitSeconds}, 0: none) and seed. */
        public static Optimum mocaPlans(long moves, double timeLimitSeconds, long seed) { return mocaPlans(moves, timeLimitSeconds, seed, null); }

        /** With CP-SAT's starting plans and plan bound ({@code certify}: its limit and workers; null: neither). */
        public static Optimum mocaPlans(long moves, double timeLimitSeconds, long seed, Certify certify) {
            return new Optimum(PlanSearch.OBJECTIVE, 0, 0, timeLimitSeconds, 0, 0, false, certify, new PlanSearch(moves, seed));
        }

        /** MoCA's CP-SAT setting (seed 1, as the time-multiplexed certification's), or null: no starting plans, no plan bound. */
        public CpSat planCertification() { return certify == null ? null : new CpSat(certify.workers(), 1, certify.limit()); }

        /** MoCA's plan search settings these stand for. */
        public MocaPlanSearch.Settings planSettings() {
            Duration limit = timeLimitSeconds > 0 ? Duration.ofMillis(Math.max(1, Math.round(timeLimitSeconds * 1000))) : null;
            return new MocaPlanSearch.Settings(plan.moves() > 0 ? plan.moves() : null, limit, plan.seed(), PlanSearch.LATE_ACCEPTANCE);
        }

        /** The optimiser's settings these stand for: the one translation, for specs and {@code cotenant optimal} alike. */
        public OfflineOptimizer.Settings optimizerSettings() {
            ScheduleObjective o = objective.equals("weighted") ? ScheduleObjective.weightedSum(missWeight, anttWeight)
                    : objective.equals("worst_model_miss_rate") ? ScheduleObjective.WORST_MODEL_FIRST
                    : objective.equals("max:xr_score") ? ScheduleObjective.XR_SCORE_FIRST : ScheduleObjective.LEXICOGRAPHIC;
            OfflineOptimizer.Settings d = OfflineOptimizer.Settings.defaults(Duration.ofMillis(Math.max(1, Math.round(timeLimitSeconds * 1000))));
            CpSat cpSat = certify == null ? null : new CpSat(certify.workers(), d.randomSeed(), certify.limit(), certify.turnaroundMaxRequests());
            return new OfflineOptimizer.Settings(o, d.timeLimit(), exactMaxRequests, d.exactNodeLimit(), exactOnly,
                    movesPerRequest > 0 ? movesPerRequest : null, d.randomSeed(), cpSat);
        }
    }

    /**
     * MoCA's offline optimum ({@code search.optimal.moca.MocaOptimum}): the best plan (sub-group and order of
     * every request) OptaPlanner finds from the best online sub-group policy's plan, under the objective
     * {@value #OBJECTIVE} (priority-weighted misses, weight level + 1, then mean normalised latency).
     */
    public record PlanSearch(long moves, long seed) implements java.io.Serializable {
        public static final String OBJECTIVE = "moca-plan";
        /** Late acceptance history: long enough to cross plateaus of equal misses, short enough for a few thousand moves. */
        static final int LATE_ACCEPTANCE = 50;
    }

    /**
     * CP-SAT's settings for certifying an optimum ({@code OfflineOptimizer}'s certification).
     *
     * @param limit                 deterministic time units per solve (about a second of one core)
     * @param workers               CP-SAT workers per solve (1 is reproducible run to run)
     * @param turnaroundMaxRequests busy periods up to this size also get the turnaround solve (0: none)
     */
    public record Certify(double limit, int workers, int turnaroundMaxRequests) implements java.io.Serializable {}

    /** The extra row label of a certified optimum: weighted misses no schedule the kernel can run beats. */
    public static final String CERTIFIED_BOUND_SUFFIX = "-lower-bound-certified";
}

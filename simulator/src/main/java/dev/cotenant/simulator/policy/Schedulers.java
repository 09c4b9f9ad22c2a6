package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.Scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Every scheduler of the time-multiplexed setting by its published name, with its parameter space. */
public final class Schedulers {
    /**
     * @param needsPredictor the rule reads a {@link LearnedGamma}, so a policy of it must carry one
     * @param published      listed by {@link #names()} (and so in {@code all}); false for families whose default
     *                       duplicates a published rule
     */
    record Entry(String name, String description, ParameterSpace space, boolean needsPredictor, boolean published,
                 boolean plugIn, BiFunction<double[], LearnedGamma, Scheduler> factory) {}

    // written once at start-up by plug-in loading, read by every worker: a synchronized map keeps that safe
    private static final Map<String, Entry> ENTRIES = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    static {
        add("fcfs", "earliest arrival first", ParameterSpace.EMPTY, p -> new FirstComeFirstServed());
        add("sjf", "shortest static remaining estimate", ParameterSpace.EMPTY, p -> new ShortestJobFirst("sjf", false));
        add("sjf-sparse", "shortest remaining estimate, pattern-aware, with the sparsity monitor", ParameterSpace.EMPTY,
                p -> new ShortestJobFirst("sjf-sparse", true));
        add("prema", "PREMA's token rule", Prema.SPACE, Prema::new);
        add("planaria", "largest priority / slack; most recent when all are late", ParameterSpace.EMPTY, p -> new Planaria());
        add("sdrm3", "largest urgency + alpha * fairness", Sdrm3.SPACE, p -> new Sdrm3("sdrm3", false, p));
        add("sdrm3-sparse", "sdrm3, pattern-aware, with the sparsity monitor", Sdrm3.SPACE, p -> new Sdrm3("sdrm3-sparse", true, p));
        add("dysta", "Sparse-DySta: static pattern profile plus the dynamic sparsity monitor", Dysta.SPACE,
                p -> new Dysta("dysta", true, true, p));
        add("dysta-naive", "Dysta's score on architecture averages, no monitor (neither optimisation)", Dysta.SPACE,
                p -> new Dysta("dysta-naive", false, false, p));
        add("dysta-static", "Dysta's score on the model's own profile, no monitor (static optimisation only)", Dysta.SPACE,
                p -> new Dysta("dysta-static", true, false, p));
        add("dysta-dynamic", "Dysta's score on architecture averages with the monitor (dynamic optimisation only)", Dysta.SPACE,
                p -> new Dysta("dysta-dynamic", false, true, p));
        add("dysta-oracle", "Dysta's score on the real remaining latency", Dysta.SPACE, Dysta::oracle);
        // Not in the published table: they need a trained predictor (--predictor FILE).
        addLearned("dysta-learned", "Dysta's score with gamma from the learned remaining-latency predictor", Dysta.SPACE,
                (p, learned) -> new Dysta("dysta-learned", learned, p));
        addLearned("sjf-learned", "shortest remaining estimate, pattern-aware, gamma from the learned predictor", ParameterSpace.EMPTY,
                (p, learned) -> new ShortestJobFirst("sjf-learned", learned));
        // Not in 'all': its default vector is dysta's schedule; named explicitly or tuned.
        ENTRIES.put("dysta-family", new Entry("dysta-family",
                "a bounded family of scores around Dysta's; dysta, sjf, planaria and EDF are points of it",
                DystaFamily.SPACE, false, false, false, (p, learned) -> new DystaFamily(p)));
        // Real-time baselines (docs/realtime.md): not in 'all', so the published comparison is unchanged; named explicitly.
        addUnlisted("edf", "earliest absolute deadline first, preemptive at layer boundaries", ParameterSpace.EMPTY,
                p -> EarliestDeadlineFirst.plain());
        addUnlisted("edf-demote", "edf among requests still on time; late ones demoted behind them", EarliestDeadlineFirst.DEMOTE_SPACE,
                EarliestDeadlineFirst::demoting);
        addUnlisted("rate-monotonic", "static priority by the stream's frame rate, highest first", ParameterSpace.EMPTY,
                p -> new RateMonotonic());
        addUnlisted("least-laxity", "smallest slack minus the monitor-corrected remaining estimate", ParameterSpace.EMPTY,
                p -> new LeastLaxity());
    }

    private static void addUnlisted(String name, String description, ParameterSpace space, Function<double[], Scheduler> factory) {
        ENTRIES.put(name, new Entry(name, description, space, false, false, false, (p, learned) -> factory.apply(p)));
    }

    private static void add(String name, String description, ParameterSpace space, Function<double[], Scheduler> factory) {
        ENTRIES.put(name, new Entry(name, description, space, false, true, false, (p, learned) -> factory.apply(p)));
    }

    private static void addLearned(String name, String description, ParameterSpace space,
                                   BiFunction<double[], LearnedGamma, Scheduler> factory) {
        ENTRIES.put(name, new Entry(name, description, space, true, true, false, factory));
    }

    private Schedulers() {}

    /**
     * Adds a scheduler brought by a plug-in ({@code dev.cotenant.simulator.plugin}): named and tuned
     * like the others, not part of {@code all}. A name already taken is refused.
     */
    public static void registerPlugIn(String name, String description, ParameterSpace space, Function<double[], Scheduler> factory) {
        synchronized (ENTRIES) {
            if (ENTRIES.containsKey(name)) {
                throw BadInputException.at(name, "a scheduler of that name already exists (" + ENTRIES.get(name).description() + "); rename the plug-in");
            }
            ENTRIES.put(name, new Entry(name, description, space, false, false, true, (p, learned) -> factory.apply(p)));
        }
    }

    /** Every name a policy source may give: published, families, learned, plug-ins. */
    public static List<String> allNames() {
        synchronized (ENTRIES) {
            List<String> all = new ArrayList<>(names());
            all.addAll(familyNames());
            all.addAll(learnedNames());
            all.addAll(plugInNames());
            return all;
        }
    }

    /** Schedulers added by plug-ins, in load order. */
    public static List<String> plugInNames() {
        synchronized (ENTRIES) {
            return ENTRIES.values().stream().filter(Entry::plugIn).map(Entry::name).toList();
        }
    }

    /** Every name that needs no predictor, in the order of the published table. */
    public static List<String> names() {
        synchronized (ENTRIES) {
            return ENTRIES.values().stream().filter(e -> e.published() && !e.needsPredictor()).map(Entry::name).toList();
        }
    }

    /** Schedulers not in the published table (not in {@code all}): tunable families and the real-time baselines, by name. */
    public static List<String> familyNames() {
        synchronized (ENTRIES) {
            return ENTRIES.values().stream().filter(e -> !e.published() && !e.plugIn()).map(Entry::name).toList();
        }
    }

    /** Names of the schedulers that need a trained predictor. */
    public static List<String> learnedNames() {
        synchronized (ENTRIES) {
            return ENTRIES.values().stream().filter(Entry::needsPredictor).map(Entry::name).toList();
        }
    }

    public static boolean needsPredictor(String name) { return entry(name).needsPredictor(); }

    public static String description(String name) { return entry(name).description(); }

    public static ParameterSpace space(String name) { return entry(name).space(); }

    static Entry find(String name) { return ENTRIES.get(name); }

    static Entry entry(String name) { return entry(name, null); }

    /** The scheduler called {@code name}; unknown, it is bad input at {@code where} (the option or key that named it; null: the setting {@code schedulers}). */
    static Entry entry(String name, String where) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            String known;
            synchronized (ENTRIES) { known = String.join(", ", ENTRIES.keySet()); }
            String problem = "unknown scheduler '" + name + "'; known: " + known;
            throw where == null ? BadInputException.setting("schedulers", problem) : BadInputException.at(where, problem);
        }
        return e;
    }

    /** Refuses, at {@code where}, a name that is not a scheduler. */
    public static void requireKnown(String name, String where) { entry(name, where); }

    /** Published policies for a comma-separated list such as {@code fcfs,sjf,dysta}; {@code all} names every scheduler. */
    public static List<Policy> parseList(String commaSeparated) { return parseList(commaSeparated, null); }

    /**
     * As {@link #parseList(String)}, with {@code learned} attached to the schedulers that need a
     * predictor; with a predictor, {@code all} includes them too.
     *
     * @param learned the predictor, or null (naming a learned scheduler is then bad input)
     */
    public static List<Policy> parseList(String commaSeparated, LearnedGamma learned) {
        List<Policy> policies = new ArrayList<>();
        java.util.Set<String> named = new java.util.HashSet<>();
        for (String raw : commaSeparated.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) continue;
            // the same scheduler twice would write two identical rows under one label
            if (!named.add(name)) throw BadInputException.setting("schedulers", "'" + name + "' is listed twice");
            if (name.equals("all")) {
                for (String n : names()) policies.add(Policy.published(n));
                if (learned != null) for (String n : learnedNames()) policies.add(Policy.published(n).withPredictor(learned));
            } else if (needsPredictor(name)) {
                if (learned == null) throw BadInputException.setting("schedulers", "'" + name + "' needs a trained predictor");
                policies.add(Policy.published(name).withPredictor(learned));
            } else {
                policies.add(Policy.published(name));
            }
        }
        if (policies.isEmpty()) throw BadInputException.setting("schedulers", "no scheduler named");
        return policies;
    }
}

package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.Parameter.Scale;
import dev.cotenant.simulator.policy.ParameterSpace;

import java.util.ArrayList;
import java.util.List;

/**
 * The multi-tile policies the MoCA runtime runs, by name, each with its bounded parameters
 * (defaults = the published values):
 * <ul>
 *   <li>{@code moca}: the round dispatcher on 2-tile sub-groups, co-location of memory-heavy blocks,
 *       per-layer regulation ({@link Regulation#SPACE} first, then the dispatcher's numbers);</li>
 *   <li>{@code moca-no-throttle}: {@code moca} with every layer unregulated;</li>
 *   <li>{@code static-partition}: the same dispatcher, no co-location, no regulation, every
 *       dispatched request run to completion (MoCA's baseline);</li>
 *   <li>{@code prema}: all 8 tiles serve one request at a time, rounds of up to 8 by PREMA's score;</li>
 *   <li>{@code planaria}: the dispatcher and 2-tile sub-groups of {@code moca}, requests cut into
 *       parts, ResNet-50/KWS/YOLOv2 taking the sibling sub-group's tiles at part boundaries;</li>
 *   <li>{@code moca-dysta}: {@code moca} with Sparse-DySta's cost ordering the dispatcher's queue.</li>
 * </ul>
 */
public final class MocaPolicies {
    public static final String MOCA = "moca", MOCA_NO_THROTTLE = "moca-no-throttle", STATIC_PARTITION = "static-partition",
            PREMA = "prema", PLANARIA = "planaria", MOCA_DYSTA = "moca-dysta";

    enum Dispatcher { MOCA, DYSTA, PREMA, PLUG_IN }

    /**
     * How a policy drives the runtime; parameter positions are looked up once per run.
     *
     * @param queueCost the plug-in's queue order (dispatcher {@code PLUG_IN} only, else null)
     * @param ownParameters how many parameters at the end of {@code space} are the plug-in's own
     */
    record Spec(String name, ParameterSpace space, Dispatcher dispatcher, boolean coLocation, boolean regulation,
                boolean planaria, boolean resumptionThresholds, String description, QueueCost queueCost, int ownParameters) {
        Spec(String name, ParameterSpace space, Dispatcher dispatcher, boolean coLocation, boolean regulation, boolean planaria,
             boolean resumptionThresholds) {
            this(name, space, dispatcher, coLocation, regulation, planaria, resumptionThresholds, "", null, 0);
        }
    }

    /** A plug-in's queue order for MoCA's dispatcher: lower is handed out first (see {@code plugin.MultiTilePolicyPlugin}). */
    @FunctionalInterface
    public interface QueueCost {
        double cost(double[] ownParameters, int priorityLevel, double remainingCycles, double slackCycles, double waitCycles,
                    double isolatedCycles, int waitingRequests);
    }

    static final Parameter HORIZON = new Parameter("horizonCycles", 5_000_000, 500_000, 50_000_000, Scale.LOG,
            "look-ahead of a round: sub-groups start predicted free at T + this");
    static final Parameter BOOKKEEPING = new Parameter("bookkeepingScale", 1.15, 0.5, 3, Scale.LINEAR,
            "a handed-out request adds this x its 2-tile prediction to its sub-group's predicted-free time");
    static final Parameter QUEUE_DEPTH = new Parameter("queueDepth", 6, 1, 12, Scale.LINEAR,
            "requests a sub-group takes per iteration (rounded)");
    static final Parameter ITERATIONS = new Parameter("iterations", 3, 1, 5, Scale.LINEAR,
            "dispatch iterations per round (rounded); only full rounds release unstarted requests");
    static final Parameter AGING = new Parameter("agingWeight", 100_000, 1_000, 10_000_000, Scale.LOG,
            "score = priority x 1e5 + floor(this x wait / 1-tile prediction)");
    static final Parameter BETA = new Parameter("beta", 0.01, 1e-5, 10, Scale.LOG,
            "Dysta: weight of slack and waiting against remaining latency");
    static final Parameter PREMA_LOOK_AHEAD = new Parameter("lookAheadCycles", 2_000_000, 0, 20_000_000, Scale.LINEAR,
            "PREMA: requests arriving up to this far ahead are eligible; waits are measured from now + this");
    static final Parameter PREMA_ROUND = new Parameter("roundSize", 8, 1, 16, Scale.LINEAR,
            "PREMA: requests picked per round (rounded)");

    private static final List<Spec> SPECS = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(
            new Spec(MOCA, join(Regulation.SPACE, HORIZON, BOOKKEEPING, QUEUE_DEPTH, ITERATIONS, AGING), Dispatcher.MOCA, true, true, false, true),
            new Spec(MOCA_NO_THROTTLE, ParameterSpace.of(HORIZON, BOOKKEEPING, QUEUE_DEPTH, ITERATIONS, AGING), Dispatcher.MOCA, true, false, false, true),
            new Spec(STATIC_PARTITION, ParameterSpace.of(HORIZON, BOOKKEEPING, QUEUE_DEPTH, ITERATIONS, AGING), Dispatcher.MOCA, false, false, false, false),
            new Spec(PREMA, ParameterSpace.of(PREMA_LOOK_AHEAD, PREMA_ROUND, AGING), Dispatcher.PREMA, false, false, false, false),
            new Spec(PLANARIA, ParameterSpace.of(HORIZON, BOOKKEEPING, QUEUE_DEPTH, ITERATIONS, AGING), Dispatcher.MOCA, false, false, true, false),
            new Spec(MOCA_DYSTA, join(Regulation.SPACE, HORIZON, BOOKKEEPING, QUEUE_DEPTH, ITERATIONS, BETA), Dispatcher.DYSTA, true, true, false, true)));

    private MocaPolicies() {}

    /**
     * Adds a plug-in policy: MoCA's dispatcher ordered by {@code cost}, co-location on, regulation if
     * {@code throttles}; its space is MoCA's regulation parameters (if it throttles) and dispatcher
     * parameters followed by {@code own}. A name already taken is refused.
     */
    public static void registerPlugIn(String name, String description, ParameterSpace own, boolean throttles, QueueCost cost) {
        if (SPECS.stream().anyMatch(s -> s.name().equals(name))) {
            throw BadInputException.at(name, "a MoCA policy of that name already exists; rename the plug-in");
        }
        ParameterSpace dispatcher = ParameterSpace.of(HORIZON, BOOKKEEPING, QUEUE_DEPTH, ITERATIONS);
        List<Parameter> all = new ArrayList<>(throttles ? Regulation.SPACE.parameters() : List.of());
        all.addAll(dispatcher.parameters());
        all.addAll(own.parameters());
        SPECS.add(new Spec(name, new ParameterSpace(all), Dispatcher.PLUG_IN, true, throttles, false, true, description, cost, own.size()));
    }

    /** Names of plug-in policies (also in {@link #names()}). */
    public static List<String> plugInNames() {
        return SPECS.stream().filter(s -> s.dispatcher() == Dispatcher.PLUG_IN).map(Spec::name).toList();
    }

    /** A plug-in policy's one-line description, or "" for a built-in. */
    public static String description(String name) { return spec(name).description(); }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Spec s : SPECS) names.add(s.name());
        return names;
    }

    public static ParameterSpace space(String name) { return spec(name).space(); }

    /** Whether {@code name} serves requests on the four 2-tile sub-groups (every policy but PREMA, which uses all 8 tiles). */
    public static boolean usesSubGroups(String name) { return spec(name).dispatcher() != Dispatcher.PREMA; }

    /** Whether {@code name} co-locates a partner's portion beside a heavy's memory-heavy block (MOCA.md §6). */
    public static boolean coLocates(String name) { return spec(name).coLocation(); }

    /**
     * Whether every request of {@code name} runs on one 2-tile sub-group without interruption (apart
     * from a co-location partner's portion): not PREMA (8 tiles) nor Planaria (parts on 4 tiles,
     * siblings suspended).
     */
    public static boolean keepsRequestsOnOneSubGroup(String name) { return usesSubGroups(name) && !spec(name).planaria(); }

    /** The published parameter values of {@code name}. */
    public static double[] defaults(String name) { return space(name).defaults(); }

    static Spec spec(String name) {
        for (Spec s : SPECS) if (s.name().equals(name)) return s;
        throw BadInputException.at(name, "unknown MoCA policy; known: " + String.join(", ", names()));
    }

    private static ParameterSpace join(ParameterSpace first, Parameter... more) {
        List<Parameter> all = new ArrayList<>(first.parameters());
        all.addAll(List.of(more));
        return new ParameterSpace(all);
    }
}

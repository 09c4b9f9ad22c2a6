package dev.cotenant.simulator.multitile.policy;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.multitile.MultiTilePolicy;
import dev.cotenant.simulator.policy.ParameterSpace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The multi-tile policies by name, each with its parameter space; the one list the experiment, tuner and CLI read. */
public final class MultiTilePolicies {
    public record Entry(String name, ParameterSpace space, Function<double[], MultiTilePolicy> factory) {}

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        register(new Entry(StaticPartition.NAME, StaticPartition.SPACE, StaticPartition::new));
        register(new Entry(PremaTimeMultiplexed.NAME, PremaTimeMultiplexed.SPACE, PremaTimeMultiplexed::new));
        register(new Entry(PlanariaFission.NAME, PlanariaFission.SPACE, PlanariaFission::new));
        register(new Entry(Moca.NAME, Moca.SPACE, p -> new Moca(Moca.NAME, p)));
        register(new Entry(Moca.NO_THROTTLE_NAME, Moca.SPACE, p -> new Moca(Moca.NO_THROTTLE_NAME, p, false)));
        register(new Entry(MocaDysta.NAME, MocaDysta.SPACE, MocaDysta::new));
    }

    private static void register(Entry e) { ENTRIES.put(e.name(), e); }

    private MultiTilePolicies() {}

    public static List<String> names() { return List.copyOf(ENTRIES.keySet()); }

    public static Entry entry(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) throw BadInputException.at("policy", "unknown multi-tile policy '" + name + "'; known: " + String.join(", ", ENTRIES.keySet()));
        return e;
    }

    public static ParameterSpace space(String name) { return entry(name).space(); }

    /** The published policy: its default vector. */
    public static MultiTilePolicy published(String name) { return create(name, entry(name).space().defaults()); }

    public static MultiTilePolicy create(String name, double[] parameters) {
        Entry e = entry(name);
        e.space().validate(name, parameters);
        return e.factory().apply(parameters.clone());
    }

    /** The published vector with the named parameters replaced. */
    public static MultiTilePolicy withOverrides(String name, Map<String, Double> overrides) {
        Entry e = entry(name);
        double[] values = e.space().defaults();
        overrides.forEach((key, value) -> values[e.space().indexOf(name, key)] = value);
        return create(name, values);
    }
}

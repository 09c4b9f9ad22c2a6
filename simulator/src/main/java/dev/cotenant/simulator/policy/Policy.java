package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.kernel.Candidate;
import dev.cotenant.simulator.kernel.Scheduler;

import java.util.Arrays;
import java.util.Map;

/**
 * A scheduler named in {@link Schedulers} with one value per parameter of its space: the thing a
 * tuner searches over and an experiment names. Immutable; {@link #newScheduler()} gives a fresh
 * instance for each worker.
 */
public final class Policy implements Candidate {
    private final Schedulers.Entry entry;
    private final double[] parameters;
    /** The trained predictor of a {@code *-learned} scheduler, else null. */
    private final LearnedGamma learned;

    private Policy(Schedulers.Entry entry, double[] parameters) { this(entry, parameters, null); }

    private Policy(Schedulers.Entry entry, double[] parameters, LearnedGamma learned) {
        entry.space().validate(entry.name(), parameters);
        this.entry = entry;
        this.parameters = parameters.clone();
        this.learned = learned;
    }

    /** This policy with {@code predictor} attached: what a {@code *-learned} scheduler reads its gamma from. */
    public Policy withPredictor(LearnedGamma predictor) {
        if (!entry.needsPredictor()) throw BadInputException.at(entry.name(), "takes no predictor");
        return new Policy(entry, parameters, predictor);
    }

    /** The attached predictor, or null. */
    public LearnedGamma predictor() { return learned; }

    /** The published policy {@code schedulerName} (its default vector). */
    public static Policy published(String schedulerName) {
        Schedulers.Entry e = Schedulers.entry(schedulerName);
        return new Policy(e, e.space().defaults());
    }

    public static Policy of(String schedulerName, double[] parameters) {
        return new Policy(Schedulers.entry(schedulerName), parameters);
    }

    /** The published vector with the named parameters replaced. */
    public static Policy withOverrides(String schedulerName, Map<String, Double> overrides) {
        Schedulers.Entry e = Schedulers.entry(schedulerName);
        double[] values = e.space().defaults();
        overrides.forEach((name, value) -> values[e.space().indexOf(schedulerName, name)] = value);
        return new Policy(e, values);
    }

    public String schedulerName() { return entry.name(); }
    public ParameterSpace space() { return entry.space(); }
    public double[] parameters() { return parameters.clone(); }
    public double parameter(String name) { return parameters[entry.space().indexOf(entry.name(), name)]; }

    public Scheduler newScheduler() {
        if (entry.needsPredictor() && learned == null) {
            throw BadInputException.at(entry.name(), "needs a trained predictor (a predictor file of train-predictor)");
        }
        return entry.factory().apply(parameters.clone(), learned);
    }

    /** The same rule on every trace. */
    @Override
    public Scheduler newScheduler(int traceIndex) { return newScheduler(); }

    /** {@code name} or {@code name(p=v,...)}: how results label the policy. */
    public String label() {
        if (Arrays.equals(parameters, entry.space().defaults())) return entry.name();
        StringBuilder b = new StringBuilder(entry.name()).append('(');
        for (int i = 0; i < parameters.length; i++) {
            if (i > 0) b.append(',');
            b.append(entry.space().get(i).name()).append('=').append(entry.space().get(i).format(parameters[i]));
        }
        return b.append(')').toString();
    }

    @Override
    public String toString() { return label(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Policy p && p.entry.name().equals(entry.name()) && Arrays.equals(p.parameters, parameters)
                && p.learned == learned;
    }

    @Override
    public int hashCode() { return entry.name().hashCode() * 31 + Arrays.hashCode(parameters); }

}

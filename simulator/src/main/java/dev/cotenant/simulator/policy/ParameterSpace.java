package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.BadInputException;

import java.util.List;
import java.util.stream.Collectors;

/** The named, bounded parameters of one policy, in a fixed order (the order of its vectors). */
public record ParameterSpace(List<Parameter> parameters) {
    public static final ParameterSpace EMPTY = new ParameterSpace(List.of());

    public ParameterSpace {
        parameters = List.copyOf(parameters);
    }

    public static ParameterSpace of(Parameter... parameters) { return new ParameterSpace(List.of(parameters)); }

    public int size() { return parameters.size(); }
    public Parameter get(int i) { return parameters.get(i); }

    public double[] defaults() {
        double[] values = new double[size()];
        for (int i = 0; i < values.length; i++) values[i] = parameters.get(i).defaultValue();
        return values;
    }

    /** Index of parameter {@code name}; a bad-input error listing the known names otherwise. */
    public int indexOf(String policyName, String name) {
        for (int i = 0; i < size(); i++) if (parameters.get(i).name().equals(name)) return i;
        throw BadInputException.at(policyName, "has no parameter '" + name + "'; "
                + (parameters.isEmpty() ? "it has no parameters" : "known: " + names()));
    }

    public String names() { return parameters.stream().map(Parameter::name).collect(Collectors.joining(", ")); }

    /** Checks length and bounds; the error names the policy and parameter. */
    public void validate(String policyName, double[] values) {
        if (values.length != size()) {
            throw BadInputException.at(policyName, "expects " + size() + " parameters (" + names() + "), got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            Parameter p = parameters.get(i);
            if (!p.contains(values[i])) {
                throw BadInputException.at(policyName + "." + p.name(), values[i] + " is outside [" + p.lower() + ", " + p.upper() + "]");
            }
        }
    }
}

package dev.cotenant.simulator.policy;

/**
 * One tunable number of a policy: its default (the published value), its bounds and the scale a
 * search should move on it ({@link Scale#LOG} for numbers that span orders of magnitude).
 */
public record Parameter(String name, double defaultValue, double lower, double upper, Scale scale, String description) {
    public enum Scale { LINEAR, LOG }

    public Parameter {
        if (!(lower <= defaultValue && defaultValue <= upper)) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " outside [" + lower + ", " + upper + "]");
        }
        if (scale == Scale.LOG && lower <= 0) throw new IllegalArgumentException(name + ": log scale needs lower > 0");
    }

    public boolean contains(double value) { return value >= lower && value <= upper; }
}

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

    /**
     * Where {@code value} sits between the bounds on this parameter's scale: 0 at {@code lower}, 1 at
     * {@code upper} (on a log scale, 1e-4 is halfway between 1e-5 and 1e-3). A search result near 0 or
     * 1 says the best value may lie outside the range searched.
     */
    public double position(double value) {
        if (upper == lower) return 0.5;
        return scale == Scale.LOG ? Math.log(value / lower) / Math.log(upper / lower) : (value - lower) / (upper - lower);
    }
}

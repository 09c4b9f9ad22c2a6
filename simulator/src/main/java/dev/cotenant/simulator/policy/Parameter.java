package dev.cotenant.simulator.policy;

import java.util.List;

/**
 * One tunable number of a policy: its default (the published value), its bounds and the scale a
 * search should move on it ({@link Scale#LOG} for numbers that span orders of magnitude).
 *
 * <p>A <em>categorical</em> parameter ({@link #categorical}) picks one of a few named choices; in a
 * parameter vector it is the choice's index ({@code 0 .. k-1}, a whole number), so every policy
 * keeps one {@code double[]} of parameters. Its scale is {@link Scale#CATEGORICAL}.
 *
 * @param categories the choices' names of a categorical parameter, in index order; empty otherwise
 */
public record Parameter(String name, double defaultValue, double lower, double upper, Scale scale, String description,
                        List<String> categories) {
    public enum Scale { LINEAR, LOG, CATEGORICAL }

    public Parameter {
        categories = List.copyOf(categories);
        if (!(lower <= defaultValue && defaultValue <= upper)) {
            throw new IllegalArgumentException(name + ": default " + defaultValue + " outside [" + lower + ", " + upper + "]");
        }
        if (scale == Scale.LOG && lower <= 0) throw new IllegalArgumentException(name + ": log scale needs lower > 0");
        if ((scale == Scale.CATEGORICAL) != !categories.isEmpty()) {
            throw new IllegalArgumentException(name + ": categories exactly when the scale is categorical");
        }
        if (scale == Scale.CATEGORICAL && (lower != 0 || upper != categories.size() - 1 || defaultValue != Math.rint(defaultValue))) {
            throw new IllegalArgumentException(name + ": a categorical parameter spans the indices 0.." + (categories.size() - 1));
        }
    }

    /** A numeric parameter. */
    public Parameter(String name, double defaultValue, double lower, double upper, Scale scale, String description) {
        this(name, defaultValue, lower, upper, scale, description, List.of());
    }

    /** A choice among {@code categories}, {@code defaultCategory} being the published one. */
    public static Parameter categorical(String name, String defaultCategory, List<String> categories, String description) {
        int index = categories.indexOf(defaultCategory);
        if (index < 0) throw new IllegalArgumentException(name + ": default '" + defaultCategory + "' is not one of " + categories);
        return new Parameter(name, index, 0, categories.size() - 1, Scale.CATEGORICAL, description, categories);
    }

    public boolean isCategorical() { return scale == Scale.CATEGORICAL; }

    /** A categorical parameter only takes whole indices; a numeric one any value in its bounds. */
    public boolean contains(double value) {
        return value >= lower && value <= upper && (!isCategorical() || value == Math.rint(value));
    }

    /** The choice's name for a categorical value, else the number as {@link Double#toString} writes it. */
    public String format(double value) {
        return isCategorical() && contains(value) ? categories.get((int) value) : Double.toString(value);
    }

    /**
     * The value a text stands for: a choice's name (or its index) for a categorical parameter, a
     * number otherwise; null if it is neither.
     */
    public Double parse(String text) {
        if (isCategorical()) {
            int index = categories.indexOf(text.trim());
            if (index >= 0) return (double) index;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

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

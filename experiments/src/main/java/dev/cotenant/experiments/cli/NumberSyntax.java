package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.BadInputException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The one syntax for numbers on the command line, so that a range and a list can be written
 * either way in every command: {@code 2,3,4} and {@code 2:4}.
 * <ul>
 *   <li>A <b>range</b> (tune's rates and SLO multipliers, {@code --bound}) is {@code LO:HI}, a single
 *       number, or a list whose smallest and largest values are the range ({@code 2,3,4} = {@code 2:4}).</li>
 *   <li>A <b>list</b> (compare's rates, loads and SLO multipliers) is {@code 2,3,4}, {@code LO:HI:STEP}
 *       for evenly spaced values ({@code 2:4:1} = {@code 2,3,4}), or {@code LO:HI} for its two ends
 *       ({@code 5:10} = {@code 5,10}, as a range names them); items may mix forms.</li>
 * </ul>
 */
public final class NumberSyntax {
    private NumberSyntax() {}

    /** {@code {lo, hi}} as written; the consumer checks the values (positive, lo <= hi), so that rule stays with it. */
    public static double[] range(String option, String text) {
        String t = text.strip();
        if (t.contains(",")) {
            List<Double> values = list(option, t);
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            return new double[] {lo, hi};
        }
        String[] parts = t.split(":", -1);
        if (parts.length > 2) throw BadInputException.at(option, "a range is LO:HI, a number or a list such as 2,3,4; got '" + text + "'");
        double lo = number(option, parts[0], text);
        double hi = parts.length == 2 ? number(option, parts[1], text) : lo;
        return new double[] {lo, hi};
    }

    /** {@link #list}, each value finite and > 0 and none twice: loads, rates and SLO multipliers of a sweep. */
    static List<Double> positives(String option, String text) {
        List<Double> values = list(option, text);
        for (double v : values) if (!(v > 0) || Double.isInfinite(v)) throw BadInputException.at(option, "must be finite and > 0, got " + v);
        if (new java.util.HashSet<>(values).size() != values.size()) throw BadInputException.at(option, "a value is listed twice: " + values);
        return values;
    }

    /** The values in the order given. */
    public static List<Double> list(String option, String text) {
        List<Double> values = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String[] parts = item.strip().split(":", -1);
            if (parts.length == 1) {
                values.add(number(option, parts[0], text));
            } else if (parts.length == 2) {
                values.add(number(option, parts[0], text));
                values.add(number(option, parts[1], text));
            } else if (parts.length == 3) {
                steps(option, text, parts, values);
            } else {
                throw BadInputException.at(option, "expected a list such as 2,3,4 or LO:HI:STEP, got '" + text + "'");
            }
        }
        return values;
    }

    private static void steps(String option, String text, String[] parts, List<Double> values) {
        // Decimal arithmetic, so 0.55:1.1:0.275 ends on 1.1 exactly instead of missing it by a rounding error.
        BigDecimal lo = decimal(option, parts[0], text), hi = decimal(option, parts[1], text), step = decimal(option, parts[2], text);
        if (step.signum() <= 0) throw BadInputException.at(option, "step must be > 0 in '" + text + "'");
        if (hi.compareTo(lo) < 0) throw BadInputException.at(option, "LO > HI in '" + text + "'");
        if (hi.subtract(lo).divide(step, java.math.MathContext.DECIMAL64).compareTo(BigDecimal.valueOf(10_000)) > 0) {
            throw BadInputException.at(option, "'" + text + "' expands to more than 10000 values");
        }
        for (BigDecimal v = lo; v.compareTo(hi) <= 0; v = v.add(step)) values.add(v.doubleValue());
    }

    private static double number(String option, String item, String text) {
        try {
            double v = Double.parseDouble(item.strip());
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // reported below with the whole text
        }
        throw BadInputException.at(option, "'" + item.strip() + "' is not a number in '" + text + "'");
    }

    private static BigDecimal decimal(String option, String item, String text) {
        return new BigDecimal(Double.toString(number(option, item, text)));
    }
}

package dev.cotenant.search.tune;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.metrics.Metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the tuner optimises, parsed from {@code --objective}:
 * <ul>
 *   <li>{@code violation_rate}: one metric, in its own direction;</li>
 *   <li>{@code [min:|max:]0.7*violation_rate+0.3*antt}: a weighted sum {@code sum w_i m_i}; the
 *       direction is the terms' common one, and must be given when they disagree;</li>
 *   <li>{@code violation_rate,antt}: several metrics at once, a Pareto search.</li>
 * </ul>
 * Every metric is averaged over the traces first, so a weighted sum is a sum of means.
 */
public sealed interface Objective permits Objective.Scalar, Objective.Pareto {
    /** The text it was parsed from, normalised. */
    String label();

    /** The metrics it reads. */
    List<Metric> metrics();

    /** One term {@code weight * metric} of a weighted sum. */
    record Term(Metric metric, double weight) {}

    /** A single number to minimise or maximise. */
    record Scalar(String label, List<Term> terms, boolean higherIsBetter) implements Objective {
        public Scalar {
            terms = List.copyOf(terms);
        }

        public static Scalar of(Metric metric) {
            return new Scalar(metric.columnName(), List.of(new Term(metric, 1)), metric.higherIsBetter());
        }

        @Override
        public List<Metric> metrics() { return terms.stream().map(Term::metric).toList(); }

        /** {@code sum w_i * mean_i}, with {@code metricMeans} indexed by {@link Metric#ordinal()}. */
        public double value(double[] metricMeans) {
            double sum = 0;
            for (Term t : terms) sum += t.weight() * metricMeans[t.metric().ordinal()];
            return sum;
        }

        /** True when {@code a} is strictly better than {@code b}. */
        public boolean better(double a, double b) { return higherIsBetter ? a > b : a < b; }
    }

    /** Several metrics traded off against each other; the result is a Pareto front. */
    record Pareto(String label, List<Metric> metrics) implements Objective {
        public Pareto {
            metrics = List.copyOf(metrics);
        }

        /**
         * The metric means as a point to maximise in every coordinate (Jenetics' {@code Vec}
         * dominance is for maximisation): lower-is-better metrics are negated.
         */
        public double[] maximisedPoint(double[] metricMeans) {
            double[] point = new double[metrics.size()];
            for (int i = 0; i < point.length; i++) {
                Metric m = metrics.get(i);
                point[i] = m.higherIsBetter() ? metricMeans[m.ordinal()] : -metricMeans[m.ordinal()];
            }
            return point;
        }

        /** The inverse of {@link #maximisedPoint}: coordinate {@code i} in metric {@code i}'s own units. */
        public double metricValue(double[] maximisedPoint, int i) {
            return metrics.get(i).higherIsBetter() ? maximisedPoint[i] : -maximisedPoint[i];
        }
    }

    static Objective parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) throw BadInputException.setting("objective", "empty");
        if (s.contains(",")) {
            List<Metric> metrics = new ArrayList<>();
            for (String part : s.split(",")) {
                Metric m = metric(part.trim());
                if (metrics.contains(m)) throw BadInputException.setting("objective", m.columnName() + " appears twice");
                metrics.add(m);
            }
            if (metrics.size() < 2) throw BadInputException.setting("objective", "a Pareto objective needs two or more metrics");
            return new Pareto(String.join(",", metrics.stream().map(Metric::columnName).toList()), metrics);
        }
        Boolean direction = null;
        if (s.startsWith("min:") || s.startsWith("max:")) {
            direction = s.startsWith("max:");
            s = s.substring(4);
        }
        List<Term> terms = new ArrayList<>();
        // Split before a minus sign unless it is an exponent's ("1e-3").
        for (String raw : s.split("\\+|(?<![0-9]e)(?=-)")) {
            String term = raw.trim();
            if (term.isEmpty()) continue;
            int star = term.indexOf('*');
            double weight = 1;
            String name = term;
            if (star >= 0) {
                weight = number(term.substring(0, star).trim());
                name = term.substring(star + 1).trim();
            } else if (term.startsWith("-")) {
                weight = -1;
                name = term.substring(1).trim();
            }
            terms.add(new Term(metric(name), weight));
        }
        if (terms.isEmpty()) throw BadInputException.setting("objective", "no metric in '" + text + "'");
        if (direction == null) {
            // Inferred only when every term pulls the same way: a positive weight keeps the metric's direction.
            boolean first = terms.get(0).metric().higherIsBetter() == (terms.get(0).weight() > 0);
            for (Term t : terms) {
                if ((t.metric().higherIsBetter() == (t.weight() > 0)) != first) {
                    throw BadInputException.setting("objective", "terms of '" + text
                            + "' pull in different directions; prefix it with min: or max:");
                }
            }
            direction = first;
        }
        if (terms.size() == 1 && terms.get(0).weight() == 1 && direction == terms.get(0).metric().higherIsBetter()) {
            return Scalar.of(terms.get(0).metric());
        }
        return new Scalar((direction ? "max:" : "min:") + s, terms, direction);
    }

    private static Metric metric(String name) {
        try {
            return Metric.byColumnName(name);
        } catch (BadInputException e) {
            throw BadInputException.setting("objective", e.problem());
        }
    }

    private static double number(String text) {
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw BadInputException.setting("objective", "weight '" + text + "' is not a finite number");
    }
}

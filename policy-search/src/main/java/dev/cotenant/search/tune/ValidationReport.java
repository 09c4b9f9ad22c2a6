package dev.cotenant.search.tune;

import dev.cotenant.simulator.setting.Setting;
import dev.cotenant.simulator.setting.TracePoint;

import dev.cotenant.search.tune.Checkpoint.Individual;
import dev.cotenant.simulator.metrics.Metric;

import java.util.ArrayList;
import java.util.List;

/**
 * The tuned vector (or every point of the Pareto front), the policy's published vector and every
 * baseline policy, run on the training traces and on held-out traces the search never saw. The
 * gain "held" when the tuned vector is still better than the published one on the held-out mean
 * (scalar mode), or when some front point dominates the published vector there (Pareto mode).
 */
public record ValidationReport(List<Entry> entries, Comparison comparison) {
    public enum Role { TUNED, FRONT, DEFAULT, BASELINE }

    /**
     * One policy on both trace sets.
     *
     * @param parameters        its vector ({@code null} for a published baseline)
     * @param trainingMetrics   {@code [trace][metric ordinal]}
     * @param validationMetrics {@code [trace][metric ordinal]}
     */
    public record Entry(String label, Role role, double[] parameters, double[][] trainingMetrics, double[][] validationMetrics) {
        public double[] means(boolean validation) {
            double[][] m = validation ? validationMetrics : trainingMetrics;
            // The search's own averaging, so the tuned vector's training score here is its fitness to the bit.
            return Tuner.meanMetrics((c, t, metric) -> m[t][metric.ordinal()], 0, m.length);
        }
    }

    /**
     * Tuned against published on the held-out traces.
     *
     * @param tunedTraining          scalar: the tuned objective on the training traces; Pareto: NaN
     * @param defaultTraining        the same for the published vector
     * @param tunedValidation        scalar: mean over held-out traces; Pareto: NaN
     * @param tunedValidationStd     sample standard deviation over held-out traces
     * @param defaultValidation      the published vector's held-out mean
     * @param defaultValidationStd   its sample standard deviation
     * @param meanPairedGain         mean over held-out traces of (published - tuned) for minimised
     *                               objectives, (tuned - published) for maximised: positive is better
     * @param pairedGainStdError     standard error of that mean
     * @param tracesTunedBetter      held-out traces on which the tuned vector was strictly better
     * @param frontPointsDominatingDefault Pareto: front points whose held-out means dominate the published vector's
     * @param gainHeld               the verdict above
     */
    public record Comparison(double tunedTraining, double defaultTraining, double tunedValidation, double tunedValidationStd,
                             double defaultValidation, double defaultValidationStd, double meanPairedGain,
                             double pairedGainStdError, int tracesTunedBetter, int validationTraces,
                             int frontPointsDominatingDefault, boolean gainHeld) {}

    static ValidationReport evaluate(Setting setting, TuningSettings settings, SearchSpace space,
                                     List<TracePoint> training, List<TracePoint> validation, Tuner.SearchOutcome search) {
        List<Individual> tuned = search.best() != null ? List.of(search.best()) : search.front();
        Role tunedRole = search.best() != null ? Role.TUNED : Role.FRONT;
        List<double[]> vectors = tuned.stream().map(i -> space.decode(i.genes())).toList();
        List<String> published = new ArrayList<>(setting.baselines());
        published.remove(settings.policyName());
        published.add(0, settings.policyName());
        double[][][][] bySet = new double[2][][][];
        List<List<TracePoint>> sets = List.of(training, validation);
        for (int s = 0; s < 2; s++) {
            try (Setting.Session session = setting.open(sets.get(s), settings.threads())) {
                double[][][] tunedMetrics = collect(session.evaluate(Tuner.vectors(settings.policyName(), vectors), null), vectors.size(), session.traceCount());
                double[][][] publishedMetrics = collect(session.evaluatePublished(published, setting), published.size(), session.traceCount());
                double[][][] all = new double[vectors.size() + published.size()][][];
                System.arraycopy(tunedMetrics, 0, all, 0, tunedMetrics.length);
                System.arraycopy(publishedMetrics, 0, all, tunedMetrics.length, publishedMetrics.length);
                bySet[s] = all;
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (int c = 0; c < vectors.size(); c++) {
            String label = tunedRole == Role.TUNED ? settings.policyName() + " (tuned)" : settings.policyName() + " (front " + c + ")";
            entries.add(new Entry(label, tunedRole, vectors.get(c), bySet[0][c], bySet[1][c]));
        }
        for (int p = 0; p < published.size(); p++) {
            int c = vectors.size() + p;
            entries.add(new Entry(p == 0 ? settings.policyName() + " (published)" : published.get(p),
                    p == 0 ? Role.DEFAULT : Role.BASELINE, null, bySet[0][c], bySet[1][c]));
        }
        return new ValidationReport(entries, compare(settings.objective(), entries));
    }

    private static double[][][] collect(Setting.Metrics metrics, int candidates, int traces) {
        double[][][] out = new double[candidates][traces][Metric.values().length];
        for (int c = 0; c < candidates; c++) {
            for (int t = 0; t < traces; t++) {
                for (Metric m : Metric.values()) out[c][t][m.ordinal()] = metrics.get(c, t, m);
            }
        }
        return out;
    }

    private static Comparison compare(Objective objective, List<Entry> entries) {
        Entry published = entries.stream().filter(e -> e.role() == Role.DEFAULT).findFirst().orElseThrow();
        if (objective instanceof Objective.Scalar s) {
            Entry tuned = entries.get(0);
            int n = tuned.validationMetrics().length;
            double[] gains = new double[n];
            int better = 0;
            for (int t = 0; t < n; t++) {
                double a = s.value(tuned.validationMetrics()[t]);
                double b = s.value(published.validationMetrics()[t]);
                gains[t] = s.higherIsBetter() ? a - b : b - a;
                if (s.better(a, b)) better++;
            }
            double tunedMean = s.value(tuned.means(true));
            double defaultMean = s.value(published.means(true));
            return new Comparison(s.value(tuned.means(false)), s.value(published.means(false)), tunedMean,
                    std(tuned.validationMetrics(), s), defaultMean, std(published.validationMetrics(), s),
                    mean(gains), std(gains) / Math.sqrt(n), better, n, 0, s.better(tunedMean, defaultMean));
        }
        Objective.Pareto p = (Objective.Pareto) objective;
        double[] defaultPoint = p.maximisedPoint(published.means(true));
        int dominating = 0;
        for (Entry e : entries) {
            if (e.role() == Role.FRONT && io.jenetics.ext.moea.Pareto.dominance(p.maximisedPoint(e.means(true)), defaultPoint) > 0) {
                dominating++;
            }
        }
        int n = published.validationMetrics().length;
        return new Comparison(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, 0, n, dominating, dominating > 0);
    }

    private static double std(double[][] metricsByTrace, Objective.Scalar s) {
        double[] values = new double[metricsByTrace.length];
        for (int t = 0; t < values.length; t++) values[t] = s.value(metricsByTrace[t]);
        return std(values);
    }

    public static double mean(double[] values) {
        double sum = 0;
        for (double v : values) sum += v;
        return sum / values.length;
    }

    /** Sample standard deviation (n - 1); 0 for a single value. */
    public static double std(double[] values) {
        if (values.length < 2) return 0;
        double m = mean(values);
        double ss = 0;
        for (double v : values) ss += (v - m) * (v - m);
        return Math.sqrt(ss / (values.length - 1));
    }
}

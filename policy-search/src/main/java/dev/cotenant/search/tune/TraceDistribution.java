package dev.cotenant.search.tune;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.setting.TracePoint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Where training and validation traces come from: arrival rates uniform in
 * {@code [rateLowPerSecond, rateHighPerSecond]}, SLO multipliers uniform in
 * {@code [sloMultiplierLow, sloMultiplierHigh]}, {@code requestCount} requests each. Training and
 * validation sets are drawn from independent streams of one seed, and no validation trace shares a
 * generator seed with a training trace, so validation is on traces the search never saw. The
 * "rate" is the setting's load axis ({@link TracePoint#load()}: arrivals per second on the
 * time-multiplexed setting, offered load on MoCA's), and {@code workload} the setting's workload
 * every trace draws from (MoCA's set letter; empty for the time-multiplexed setting).
 */
public record TraceDistribution(double rateLowPerSecond, double rateHighPerSecond, double sloMultiplierLow,
                                double sloMultiplierHigh, int requestCount, String workload, List<String> files) {
    /** A distribution of the time-multiplexed setting (one workload). */
    public TraceDistribution(double rateLowPerSecond, double rateHighPerSecond, double sloMultiplierLow, double sloMultiplierHigh,
                             int requestCount) {
        this(rateLowPerSecond, rateHighPerSecond, sloMultiplierLow, sloMultiplierHigh, requestCount, "");
    }

    /** Generated traces of one of the setting's workloads. */
    public TraceDistribution(double rateLowPerSecond, double rateHighPerSecond, double sloMultiplierLow, double sloMultiplierHigh,
                             int requestCount, String workload) {
        this(rateLowPerSecond, rateHighPerSecond, sloMultiplierLow, sloMultiplierHigh, requestCount, workload, List.of());
    }

    /**
     * Trace files instead of generated traces ({@link #split}): each runs as it is, so there is no rate,
     * SLO range or request count to draw (NaN, NaN, 0).
     */
    public static TraceDistribution ofFiles(List<String> files) {
        if (files.isEmpty()) throw BadInputException.setting("traces", "no trace file given");
        return new TraceDistribution(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, "", files);
    }

    public TraceDistribution {
        files = List.copyOf(files);
        if (files.isEmpty()) {
            checkRange("arrival_rate_per_s", rateLowPerSecond, rateHighPerSecond);
            checkRange("slo_multiplier", sloMultiplierLow, sloMultiplierHigh);
            if (requestCount < 1) throw BadInputException.setting("requests", "must be >= 1, got " + requestCount);
        }
    }

    /** Traces come from files rather than a generator. */
    public boolean fromFiles() { return !files.isEmpty(); }

    /**
     * The trace files' split: their order shuffled by {@code seed}, the first share
     * {@code trainingCount / (trainingCount + validationCount)} (rounded, at least one) trains and the rest is
     * held out (at least one). A single file is both, since there is nothing to hold out.
     *
     * @return the training files and the held-out files, as trace points (seed = the file's position in {@link #files})
     */
    public List<List<TracePoint>> split(int trainingCount, int validationCount, long seed) {
        List<TracePoint> points = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) points.add(new TracePoint(files.get(i), i, Double.NaN, Double.NaN, Double.NaN, 0));
        if (points.size() == 1) return List.of(points, points);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = points.size() - 1; i > 0; i--) java.util.Collections.swap(points, i, random.nextInt(i + 1)); // Fisher-Yates
        int training = (int) Math.round(points.size() * (double) trainingCount / (trainingCount + validationCount));
        training = Math.max(1, Math.min(points.size() - 1, training));
        return List.of(List.copyOf(points.subList(0, training)), List.copyOf(points.subList(training, points.size())));
    }

    /** A range the generator draws from: finite, positive, low <= high; {@code setting} names it in errors. */
    public static void checkRange(String setting, double low, double high) {
        if (!(low > 0) || !Double.isFinite(high)) {
            throw BadInputException.setting(setting, "must be finite and > 0, got " + low + ":" + high);
        }
        if (low > high) throw BadInputException.setting(setting, "lower " + low + " > upper " + high);
    }

    /** The training set: {@code count} traces (generated; {@link #split} for files). */
    public List<TracePoint> training(int count, long seed) {
        return draw(count, new SplittableRandom(seed).split(), Set.of());
    }

    /** The held-out set: {@code count} traces whose generator seeds differ from every training seed. */
    public List<TracePoint> validation(int count, long seed, List<TracePoint> training) {
        Set<Long> used = new HashSet<>();
        for (TracePoint t : training) used.add(t.seed());
        SplittableRandom root = new SplittableRandom(seed);
        root.split(); // the training stream
        return draw(count, root.split(), used);
    }

    private List<TracePoint> draw(int count, SplittableRandom random, Set<Long> excludedSeeds) {
        List<TracePoint> specs = new ArrayList<>(count);
        while (specs.size() < count) {
            long traceSeed = random.nextLong();
            double rate = uniform(random, rateLowPerSecond, rateHighPerSecond);
            double slo = uniform(random, sloMultiplierLow, sloMultiplierHigh);
            if (excludedSeeds.contains(traceSeed)) continue;
            specs.add(new TracePoint(workload, traceSeed, rate, slo, requestCount));
        }
        return specs;
    }

    private static double uniform(SplittableRandom random, double low, double high) {
        // A degenerate range still consumes a draw, so widening one range does not shift the other's values.
        double u = random.nextDouble();
        return low == high ? low : low + u * (high - low);
    }
}

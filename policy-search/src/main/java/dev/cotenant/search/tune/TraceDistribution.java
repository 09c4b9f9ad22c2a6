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
                                double sloMultiplierHigh, int requestCount, String workload) {
    /** A distribution of the time-multiplexed setting (one workload). */
    public TraceDistribution(double rateLowPerSecond, double rateHighPerSecond, double sloMultiplierLow, double sloMultiplierHigh,
                             int requestCount) {
        this(rateLowPerSecond, rateHighPerSecond, sloMultiplierLow, sloMultiplierHigh, requestCount, "");
    }

    public TraceDistribution {
        checkRange("--rates", rateLowPerSecond, rateHighPerSecond);
        checkRange("--slo-mults", sloMultiplierLow, sloMultiplierHigh);
        if (requestCount < 1) throw BadInputException.at("--requests", "must be >= 1, got " + requestCount);
    }

    private static void checkRange(String option, double low, double high) {
        if (!(low > 0) || !Double.isFinite(high)) {
            throw BadInputException.at(option, "must be finite and > 0, got " + low + ":" + high);
        }
        if (low > high) throw BadInputException.at(option, "lower " + low + " > upper " + high);
    }

    /** The training set: {@code count} traces. */
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

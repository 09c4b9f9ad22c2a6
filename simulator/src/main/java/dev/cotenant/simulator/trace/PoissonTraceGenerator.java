package dev.cotenant.simulator.trace;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyDirectory;

import java.util.SplittableRandom;

/**
 * Poisson arrivals as in the Sparse-DySta artifact (docs/schedulers.md, "Trace generation"): exponential
 * gaps with mean {@code 1 / rate}, the first arrival being the first gap; each request draws its
 * model uniformly from the directory, its sample uniformly from that model's samples and its
 * priority uniformly from {1, 3, 9}; its target latency is {@code sloMultiplier} times the mean
 * end-to-end latency of its model's architecture.
 *
 * <p>All draws come from one {@link SplittableRandom} seeded with {@code seed}, in a fixed order per
 * request (gap, model, sample, priority), so a seed fixes the trace.
 */
public final class PoissonTraceGenerator {
    private static final double[] PRIORITIES = {1, 3, 9};

    private PoissonTraceGenerator() {}

    /**
     * @param requestCount  number of requests, at least 1 ({@code --requests})
     * @param ratePerSecond mean arrivals per second, finite and > 0 ({@code --rate})
     * @param sloMultiplier target latency over the architecture's mean end-to-end latency, finite and > 0 ({@code --slo-mult})
     */
    /**
     * Memory a request takes while it is simulated: the trace (32 bytes), its compiled form (36) and
     * a policy's outcome (16), rounded up for the object headers and buffers around them.
     */
    public static final long BYTES_PER_REQUEST = 100;

    /**
     * Refuses (the setting {@code requests}) a request count whose trace cannot fit in half of this JVM's heap,
     * before any of it is allocated (10^9 requests would otherwise end in an OutOfMemoryError minutes later).
     */
    public static void checkFits(long requestCount) {
        long heap = Runtime.getRuntime().maxMemory();
        long need = requestCount * BYTES_PER_REQUEST;
        if (need > heap / 2) {
            throw BadInputException.setting("requests", String.format(java.util.Locale.ROOT, "%d requests need about %.1f GB of memory "
                    + "(%d bytes each) and this JVM has %.1f GB: at most %d fit (raise -Xmx through COTENANT_JAVA_OPTS, or simulate fewer)",
                    requestCount, need / 1e9, BYTES_PER_REQUEST, heap / 1e9, heap / 2 / BYTES_PER_REQUEST));
        }
    }

    public static Trace generate(LatencyDirectory directory, int requestCount, double ratePerSecond,
                                 double sloMultiplier, long seed) {
        return generate(directory, requestCount, ratePerSecond, sloMultiplier, sloMultiplier, PRIORITIES, seed);
    }

    /**
     * The generalisation scenarios use: each request's SLO multiplier is uniform in
     * {@code [sloMultiplierMin, sloMultiplierMax]} (drawn after its priority, and only when the
     * range is not a single value, so the published generator's traces are unchanged) and its
     * priority uniform over {@code priorities}.
     */
    public static Trace generate(LatencyDirectory directory, int requestCount, double ratePerSecond,
                                 double sloMultiplierMin, double sloMultiplierMax, double[] priorities, long seed) {
        if (!(sloMultiplierMax >= sloMultiplierMin)) {
            throw BadInputException.setting("slo_multiplier", "range " + sloMultiplierMin + ".." + sloMultiplierMax + " is empty");
        }
        if (priorities.length == 0) throw BadInputException.at("priorities", "no priority levels given");
        for (double p : priorities) if (!(p > 0)) throw BadInputException.at("priorities", "must be > 0, got " + p);
        double sloMultiplier = sloMultiplierMin;
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw BadInputException.setting("arrival_rate_per_s", "must be finite and > 0, got " + ratePerSecond);
        }
        if (requestCount < 1) throw BadInputException.setting("requests", "must be >= 1, got " + requestCount);
        checkFits(requestCount);
        if (!(sloMultiplier > 0) || Double.isInfinite(sloMultiplier)) {
            throw BadInputException.setting("slo_multiplier", "must be finite and > 0, got " + sloMultiplier);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] arrivalSeconds = new double[requestCount];
        int[] modelId = new int[requestCount];
        int[] sample = new int[requestCount];
        double[] priority = new double[requestCount];
        double[] targetLatencySeconds = new double[requestCount];
        double clockSeconds = 0;
        for (int i = 0; i < requestCount; i++) {
            // Inverse transform: -ln(1 - u) is Exp(1) for u in [0, 1); log1p keeps precision for small u.
            clockSeconds += -Math.log1p(-random.nextDouble()) / ratePerSecond;
            int model = random.nextInt(directory.modelCount());
            arrivalSeconds[i] = clockSeconds;
            modelId[i] = model;
            sample[i] = random.nextInt(directory.table(model).sampleCount());
            priority[i] = priorities[random.nextInt(priorities.length)];
            double multiplier = sloMultiplierMax > sloMultiplierMin ? random.nextDouble(sloMultiplierMin, sloMultiplierMax) : sloMultiplier;
            targetLatencySeconds[i] = multiplier * directory.architectureMeanEndToEndSeconds(model);
        }
        return new Trace(arrivalSeconds, modelId, sample, priority, targetLatencySeconds);
    }
}

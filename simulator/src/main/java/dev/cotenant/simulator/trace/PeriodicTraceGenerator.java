package dev.cotenant.simulator.trace;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyDirectory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Periodic traces: every stream releases frame {@code k} at {@code phase + k x period} plus a
 * jitter draw, runs it with its trigger probability, and gives it the deadline
 * {@code arrival + deadlinePeriods x period}. A stream that waits for another ({@link PeriodicStream#after})
 * has a request in frame {@code k} only if its predecessor has one (then with its own trigger
 * probability), at the same arrival, depending on it. Frame rates are multiplied by
 * {@code rateScale} (periods and deadlines shrink with it), which is how a scenario is run at a
 * scaled load.
 *
 * <p>Draws come from one {@link SplittableRandom} seeded with {@code seed}, stream by stream in
 * list order and frame by frame (jitter, trigger, sample; then the dependants' trigger and
 * sample), so a seed fixes the trace.
 */
public final class PeriodicTraceGenerator {
    private PeriodicTraceGenerator() {}

    /** Checks every stream of {@code streams} against {@code directory}; the error names the stream. */
    public static void validate(List<PeriodicStream> streams, LatencyDirectory directory, String where) {
        validate(streams, model -> directory.modelId(model) >= 0, where);
    }

    /** The same rule with the known model names as a predicate (a spec checks streams before its tables exist). */
    public static void validate(List<PeriodicStream> streams, java.util.function.Predicate<String> isModel, String where) {
        if (streams.isEmpty()) throw BadInputException.at(where, "has no streams");
        List<String> seen = new ArrayList<>();
        for (PeriodicStream s : streams) {
            String at = where + ": stream " + s.model();
            if (!isModel.test(s.model())) throw new BadInputException(at + ": unknown model (not in the latency directory)");
            if (seen.contains(s.model())) throw new BadInputException(at + ": listed twice (a model is one stream)");
            if (!(s.framesPerSecond() > 0) || Double.isInfinite(s.framesPerSecond())) {
                throw new BadInputException(at + ": frame rate " + s.framesPerSecond() + " must be finite and > 0");
            }
            if (!(s.phaseSeconds() >= 0) || Double.isInfinite(s.phaseSeconds())) {
                throw new BadInputException(at + ": phase " + s.phaseSeconds() + " s must be finite and >= 0");
            }
            if (!(s.jitterPeriods() >= 0 && s.jitterPeriods() < 1)) {
                throw new BadInputException(at + ": jitter " + s.jitterPeriods() + " periods must be in [0, 1)");
            }
            if (!(s.triggerProbability() > 0 && s.triggerProbability() <= 1)) {
                throw new BadInputException(at + ": trigger probability " + s.triggerProbability() + " must be in (0, 1]");
            }
            if (!(s.deadlinePeriods() > 0) || Double.isInfinite(s.deadlinePeriods())) {
                throw new BadInputException(at + ": deadline " + s.deadlinePeriods() + " periods must be finite and > 0");
            }
            if (!(s.priority() > 0) || Double.isInfinite(s.priority())) {
                throw new BadInputException(at + ": priority " + s.priority() + " must be finite and > 0");
            }
            if (s.after() != null) {
                int p = seen.indexOf(s.after());
                if (p < 0) {
                    throw new BadInputException(at + ": waits for '" + s.after() + "', which is not an earlier stream"
                            + " (list predecessors first; a stream cannot wait for itself or a later one, so no cycle can form)");
                }
                double predecessorRate = streams.get(p).framesPerSecond();
                if (Math.abs(predecessorRate - s.framesPerSecond()) > 1e-9 * predecessorRate) {
                    throw new BadInputException(at + ": frame rate " + s.framesPerSecond() + " differs from its predecessor's "
                            + predecessorRate + " (a chain runs once per frame)");
                }
            }
            seen.add(s.model());
        }
    }

    /**
     * Expected share of frames in which stream {@code i} runs: its trigger probability times its
     * predecessor's share.
     */
    public static double runShare(List<PeriodicStream> streams, int i) {
        PeriodicStream s = streams.get(i);
        if (s.after() == null) return s.triggerProbability();
        for (int p = 0; p < i; p++) if (streams.get(p).model().equals(s.after())) return s.triggerProbability() * runShare(streams, p);
        throw new IllegalStateException("unvalidated stream list");
    }

    /**
     * The first {@code requestCount} requests (by arrival) of the streams run from time 0. A cut
     * never separates a request from what it waits for: predecessors arrive no later and, at the
     * same arrival, come first.
     */
    public static Trace generate(LatencyDirectory directory, List<PeriodicStream> streams, double rateScale,
                                 int requestCount, long seed) {
        validate(streams, directory, "streams");
        if (!(rateScale > 0) || Double.isInfinite(rateScale)) throw BadInputException.at("rate scale", "must be finite and > 0, got " + rateScale);
        if (requestCount < 1) throw BadInputException.setting("requests", "must be >= 1, got " + requestCount);
        PoissonTraceGenerator.checkFits(requestCount);
        double perSecond = 0;
        double longestPeriod = 0;
        for (int i = 0; i < streams.size(); i++) {
            perSecond += streams.get(i).framesPerSecond() * rateScale * runShare(streams, i);
            longestPeriod = Math.max(longestPeriod, 1 / (streams.get(i).framesPerSecond() * rateScale) + streams.get(i).phaseSeconds());
        }
        double horizon = 1.2 * requestCount / perSecond + longestPeriod;
        while (true) {
            Frames frames = frames(directory, streams, rateScale, horizon, seed);
            if (frames.size >= requestCount) return frames.firstByArrival(requestCount);
            horizon *= 2;
        }
    }

    private static Frames frames(LatencyDirectory directory, List<PeriodicStream> streams, double rateScale, double horizonSeconds, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Frames out = new Frames();
        int[] modelIds = streams.stream().mapToInt(s -> directory.modelId(s.model())).toArray();
        for (int i = 0; i < streams.size(); i++) {
            PeriodicStream s = streams.get(i);
            if (s.after() != null) continue; // generated with its predecessor
            double period = 1 / (s.framesPerSecond() * rateScale);
            for (int k = 0; ; k++) {
                double nominal = s.phaseSeconds() + k * period;
                if (nominal >= horizonSeconds) break;
                double arrival = nominal + (s.jitterPeriods() > 0 ? random.nextDouble() * s.jitterPeriods() * period : 0);
                if (s.triggerProbability() < 1 && random.nextDouble() >= s.triggerProbability()) continue;
                int request = out.add(arrival, modelIds[i], random.nextInt(directory.table(modelIds[i]).sampleCount()),
                        s.priority(), s.deadlinePeriods() * period, k, -1);
                addDependants(directory, streams, modelIds, i, request, arrival, period, k, random, out);
            }
        }
        return out;
    }

    private static void addDependants(LatencyDirectory directory, List<PeriodicStream> streams, int[] modelIds, int predecessor,
                                      int predecessorRequest, double arrival, double period, int frame, SplittableRandom random, Frames out) {
        String name = streams.get(predecessor).model();
        for (int j = predecessor + 1; j < streams.size(); j++) {
            PeriodicStream d = streams.get(j);
            if (!name.equals(d.after())) continue;
            if (d.triggerProbability() < 1 && random.nextDouble() >= d.triggerProbability()) continue;
            int request = out.add(arrival, modelIds[j], random.nextInt(directory.table(modelIds[j]).sampleCount()),
                    d.priority(), d.deadlinePeriods() * period, frame, predecessorRequest);
            addDependants(directory, streams, modelIds, j, request, arrival, period, frame, random, out);
        }
    }

    /** Requests in generation order (each after what it waits for), then sorted stably by arrival. */
    private static final class Frames {
        int size;
        double[] arrival = new double[64], priority = new double[64], target = new double[64];
        int[] model = new int[64], sample = new int[64], frame = new int[64], predecessor = new int[64];

        int add(double arrivalSeconds, int modelId, int sampleIndex, double prio, double targetSeconds, int frameNumber, int waitsFor) {
            if (size == arrival.length) {
                int grown = size * 2;
                arrival = Arrays.copyOf(arrival, grown);
                priority = Arrays.copyOf(priority, grown);
                target = Arrays.copyOf(target, grown);
                model = Arrays.copyOf(model, grown);
                sample = Arrays.copyOf(sample, grown);
                frame = Arrays.copyOf(frame, grown);
                predecessor = Arrays.copyOf(predecessor, grown);
            }
            arrival[size] = arrivalSeconds;
            model[size] = modelId;
            sample[size] = sampleIndex;
            priority[size] = prio;
            target[size] = targetSeconds;
            frame[size] = frameNumber;
            predecessor[size] = waitsFor;
            return size++;
        }

        Trace firstByArrival(int count) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> Double.compare(arrival[a], arrival[b])); // stable: generation order breaks ties
            int[] position = new int[size];
            for (int i = 0; i < size; i++) position[order[i]] = i;
            double[] a = new double[count], p = new double[count], t = new double[count];
            int[] m = new int[count], s = new int[count], f = new int[count];
            int[] start = new int[count + 1];
            int[] deps = new int[count];
            int edges = 0;
            for (int i = 0; i < count; i++) {
                int g = order[i];
                a[i] = arrival[g];
                m[i] = model[g];
                s[i] = sample[g];
                p[i] = priority[g];
                t[i] = target[g];
                f[i] = frame[g];
                if (predecessor[g] >= 0) deps[edges++] = position[predecessor[g]];
                start[i + 1] = edges;
            }
            return new Trace(a, m, s, p, t, f, start, Arrays.copyOf(deps, edges));
        }
    }
}

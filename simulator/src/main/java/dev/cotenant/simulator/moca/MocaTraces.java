package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.csv.CsvReader;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MoCA's workloads: the artifact's trace generator restated (so the 250-request traces of sets A, B
 * and C come out request for request as the artifact made them), load-scaled variants for sweeps, the
 * scenario names {@code moca-a-h} ... {@code moca-c-l}, and a reader for traces in the
 * time-multiplexed layout.
 *
 * <p>The generator: requests are made in rows of {@value #SLOTS_PER_ROW} slots, {@value #ROWS} rows.
 * One LCG stream ({@code x <- 1664525 x + 1013904223 mod 2^32}, {@code x0 = 777}, output
 * {@code x >> 24}) draws per request its network (draw mod the set's modulus, cumulative weights)
 * and then its priority (draw mod 108 mapped to levels 0, 1, 2, 4, 6, 8, 9, 11). A second,
 * independent copy draws arrival jitter, only for rows after the first. Row 0 arrives at
 * 0, 50 000, 100 000, 150 000 cycles; slot j of row i arrives at slot j of row i-1 plus that earlier
 * request's configured 2-tile time times the set's cap scale, minus 45 000 x (jitter mod 20).
 * The artifact computes this in float32 and its compiler contracts it into one fused multiply-add;
 * sets A and B subtract the jitter after the FMA, set C inside it. The target is the network's
 * configured target times the QoS scale in float32, truncated. Of the first 258 requests, the 250
 * earliest form the trace, selected by the artifact's own exchange sort (which fixes the order of
 * equal arrivals).
 */
public final class MocaTraces {
    public static final int REQUESTS = 250;
    static final int SLOTS_PER_ROW = 4;
    static final int ROWS = 65;
    private static final int CONSIDERED = REQUESTS + 2 * SLOTS_PER_ROW;
    private static final int LCG_SEED = 777;
    private static final long FIRST_ROW_GAP_CYCLES = 50_000;
    private static final int JITTER_STEP_CYCLES = 45_000;
    private static final int JITTER_LEVELS = 20;
    /** Priority draw mod 108: upper bounds of each band and the level it maps to. */
    private static final int[] PRIORITY_BOUNDS = {15, 33, 43, 58, 73, 88, 98, 108};
    private static final int[] PRIORITY_LEVELS = {0, 1, 2, 4, 6, 8, 9, 11};

    /** QoS levels and their target scales: high 0.8, medium 1.0, low 1.2. */
    public enum Qos {
        H(0.8f), M(1.0f), L(1.2f);
        private final float targetScale;
        Qos(float targetScale) { this.targetScale = targetScale; }
        public float targetScale() { return targetScale; }
        public String letter() { return name().toLowerCase(Locale.ROOT); }
    }

    private MocaTraces() {}

    /**
     * The artifact's 250-request trace of {@code set} with targets scaled by {@code targetScale}
     * (0.8, 1.0, 1.2 in the artifact), which is used in single precision as the artifact does.
     */
    public static MocaTrace artifact(MocaSet set, double targetScale) {
        if (!(targetScale > 0) || Double.isInfinite(targetScale)) throw BadInputException.at("target scale", targetScale + " must be finite and > 0");
        return generate(set, (float) targetScale, LCG_SEED, "moca-" + set.letter() + "@" + targetScale);
    }

    /**
     * The artifact's generator for {@code set} run from {@code seed} instead of its fixed 777 (both LCG
     * streams start there): the same model mix, priorities and arrival pattern, other draws. The
     * tuner's training and held-out traces come from here, so it never sees the artifact's own trace
     * unless a seed of 777 is drawn.
     */
    public static MocaTrace generated(MocaSet set, double targetScale, int seed) {
        if (!(targetScale > 0) || Double.isInfinite(targetScale)) throw BadInputException.at("target scale", targetScale + " must be finite and > 0");
        for (Qos qos : Qos.values()) { // the artifact's own trace goes by its scenario's name
            if (seed == LCG_SEED && qos.targetScale() == (float) targetScale) return generate(set, qos.targetScale(), seed, scenarioName(set, qos));
        }
        return generate(set, (float) targetScale, seed, "moca-" + set.letter() + "@" + targetScale + "#seed" + Integer.toUnsignedString(seed));
    }

    /**
     * Requests {@code from .. from + count - 1} of {@code trace} (fewer at its end), arrivals shifted so
     * the first arrives at 0 (targets are relative, so nothing else changes).
     */
    public static MocaTrace window(MocaTrace trace, int from, int count) {
        if (count < 1) throw BadInputException.setting("requests", "must be >= 1, got " + count);
        if (from < 0 || from >= trace.size()) throw BadInputException.setting("windows", "start " + from + " is not in a trace of " + trace.size());
        int m = Math.min(count, trace.size() - from);
        long[] arrival = new long[m], target = new long[m];
        int[] network = new int[m], level = new int[m];
        long shift = trace.arrivalCycles(from);
        for (int i = 0; i < m; i++) {
            arrival[i] = trace.arrivalCycles(from + i) - shift;
            network[i] = trace.network(from + i);
            level[i] = trace.priorityLevel(from + i);
            target[i] = trace.targetCycles(from + i);
        }
        String name = from == 0 && m == trace.size() ? trace.name() : trace.name() + "[" + from + ".." + (from + m - 1) + "]";
        return new MocaTrace(name, arrival, network, level, target);
    }

    /** The workload set of scenario {@code moca-<set>-<qos>}. */
    public static MocaSet setOf(String scenario) {
        scenario(scenario); // known, or a bad-input error listing the names
        return MocaSet.valueOf(scenario.substring(5, 6).toUpperCase(Locale.ROOT));
    }

    /** The QoS level of scenario {@code moca-<set>-<qos>}. */
    public static Qos qosOf(String scenario) {
        scenario(scenario);
        return Qos.valueOf(scenario.substring(7, 8).toUpperCase(Locale.ROOT));
    }

    /** Scenario {@code moca-<set>-<qos>}, e.g. {@code moca-c-h}. */
    public static MocaTrace scenario(String name) {
        for (MocaSet set : MocaSet.values()) {
            for (Qos qos : Qos.values()) {
                if (scenarioName(set, qos).equals(name)) return generate(set, qos.targetScale(), LCG_SEED, name);
            }
        }
        throw BadInputException.at(name, "unknown MoCA scenario; known: " + String.join(", ", scenarioNames()));
    }

    public static String scenarioName(MocaSet set, Qos qos) { return "moca-" + set.letter() + "-" + qos.letter(); }

    /** All scenario names, set-major: moca-a-h, moca-a-m, moca-a-l, moca-b-h, ... */
    public static List<String> scenarioNames() {
        List<String> names = new ArrayList<>();
        for (MocaSet set : MocaSet.values()) for (Qos qos : Qos.values()) names.add(scenarioName(set, qos));
        return names;
    }

    /**
     * {@code base} with every arrival scaled by one factor so that its {@link MocaTrace#offeredLoad()}
     * becomes {@code offeredLoad}; networks, priorities and targets are unchanged.
     */
    public static MocaTrace loadScaled(MocaTrace base, double offeredLoad) {
        if (!(offeredLoad > 0) || Double.isInfinite(offeredLoad)) throw BadInputException.at("offered load", offeredLoad + " must be finite and > 0");
        double factor = base.offeredLoad() / offeredLoad;
        int n = base.size();
        long[] arrival = new long[n];
        int[] network = new int[n];
        int[] priority = new int[n];
        long[] target = new long[n];
        long first = base.arrivalCycles(0);
        for (int r = 0; r < n; r++) {
            arrival[r] = first + Math.round((base.arrivalCycles(r) - first) * factor);
            network[r] = base.network(r);
            priority[r] = base.priorityLevel(r);
            target[r] = base.targetCycles(r);
        }
        return new MocaTrace(base.name() + "@load" + offeredLoad, arrival, network, priority, target);
    }

    private static MocaTrace generate(MocaSet set, float targetScale, int seed, String name) {
        int total = ROWS * SLOTS_PER_ROW;
        long[] arrival = new long[total];
        int[] network = new int[total];
        int[] priority = new int[total];
        long[] target = new long[total];
        Lcg draws = new Lcg(seed);
        Lcg jitter = new Lcg(seed);
        float capScale = set.capScale();
        for (int row = 0; row < ROWS; row++) {
            for (int slot = 0; slot < SLOTS_PER_ROW; slot++) {
                int index = row * SLOTS_PER_ROW + slot;
                MocaNetwork net = set.networkForDraw(draws.next() % set.modulus());
                network[index] = net.ordinal();
                priority[index] = priorityLevel(draws.next() % 108);
                target[index] = (long) ((float) net.targetCycles() * targetScale);
                if (row == 0) {
                    arrival[index] = FIRST_ROW_GAP_CYCLES * slot;
                } else {
                    int earlier = index - SLOTS_PER_ROW;
                    float sp = (float) MocaNetwork.values()[network[earlier]].spCycles2Tiles();
                    float previous = (float) arrival[earlier];
                    float jitterCycles = (float) (JITTER_STEP_CYCLES * (jitter.next() % JITTER_LEVELS));
                    float value = set.fmaSubtractsJitterFirst()
                            ? Math.fma(sp, capScale, previous - jitterCycles)
                            : Math.fma(sp, capScale, previous) - jitterCycles;
                    arrival[index] = (long) value;
                }
            }
        }
        // The artifact's exchange sort: position i takes the smallest of positions i..CONSIDERED-1.
        for (int i = 0; i < REQUESTS; i++) {
            for (int j = i + 1; j < CONSIDERED; j++) {
                if (arrival[i] > arrival[j]) {
                    swap(arrival, i, j);
                    swap(target, i, j);
                    swap(priority, i, j);
                    swap(network, i, j);
                }
            }
        }
        return new MocaTrace(name, java.util.Arrays.copyOf(arrival, REQUESTS), java.util.Arrays.copyOf(network, REQUESTS),
                java.util.Arrays.copyOf(priority, REQUESTS), java.util.Arrays.copyOf(target, REQUESTS));
    }

    static int priorityLevel(int drawMod108) {
        for (int b = 0; b < PRIORITY_BOUNDS.length; b++) if (drawMod108 < PRIORITY_BOUNDS[b]) return PRIORITY_LEVELS[b];
        throw new IllegalArgumentException("draw " + drawMod108 + " is not mod 108");
    }

    private static void swap(long[] a, int i, int j) { long t = a[i]; a[i] = a[j]; a[j] = t; }
    private static void swap(int[] a, int i, int j) { int t = a[i]; a[i] = a[j]; a[j] = t; }

    /** The artifact's 32-bit LCG; {@link #next()} returns the top 8 bits (0-255). */
    static final class Lcg {
        private int x;

        Lcg() { this(LCG_SEED); }

        Lcg(int seed) { x = seed; }

        int next() {
            x = x * 1664525 + 1013904223;
            return x >>> 24;
        }
    }

    // ---- trace files in the time-multiplexed layout ----

    public static final String HEADER = "arrival_s,model,sample,priority,target_latency_s";
    private static final double CYCLES_PER_SECOND = 1e9;

    public static MocaTrace read(Path file) {
        Reader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw BadInputException.at(file.toString(), "cannot read: " + e);
        }
        return read(reader, file.toString());
    }

    /**
     * Reads {@code arrival_s,model,sample,priority,target_latency_s} (header exactly so, rows sorted
     * by arrival). {@code model} is a {@link MocaNetwork#cliName()}; {@code priority} is MoCA's level
     * + 1, an integer 1-12; {@code sample} is accepted (a non-negative integer) and not used, since
     * MoCA's networks are dense. Seconds become cycles at 1 GHz, rounded. Every problem is a
     * {@link BadInputException} reading {@code source:line: problem}.
     */
    public static MocaTrace read(Reader reader, String source) {
        String[] columns = CsvReader.split(HEADER);
        try (CsvReader csv = new CsvReader(reader, source)) {
            String[] header = csv.readHeader();
            if (header.length != columns.length) throw csv.error("header must be exactly " + HEADER);
            for (int i = 0; i < columns.length; i++) {
                if (!header[i].equals(columns[i])) {
                    throw csv.error("column " + (i + 1) + " is '" + header[i] + "', expected '" + columns[i] + "' (the header must be exactly " + HEADER + ")");
                }
            }
            List<long[]> rows = new ArrayList<>();
            long lastArrival = Long.MIN_VALUE;
            while (csv.next()) {
                double arrivalSeconds = csv.doubleField(0);
                if (!(arrivalSeconds >= 0) || Double.isInfinite(arrivalSeconds)) throw csv.error("arrival_s is " + arrivalSeconds + ", must be finite and >= 0");
                MocaNetwork net = networkNamed(csv, csv.field(1));
                int sample = csv.intField(2);
                if (sample < 0) throw csv.error("sample is " + sample + ", must be >= 0");
                double priority = csv.doubleField(3);
                if (!(priority >= 1 && priority <= 12 && priority == Math.rint(priority))) {
                    throw csv.error("priority is " + csv.field(3) + ", must be an integer 1-12 (MoCA's level + 1)");
                }
                double targetSeconds = csv.doubleField(4);
                if (!(targetSeconds > 0) || Double.isInfinite(targetSeconds)) throw csv.error("target_latency_s is " + targetSeconds + ", must be finite and > 0");
                long arrivalCycles = Math.round(arrivalSeconds * CYCLES_PER_SECOND);
                if (arrivalCycles < lastArrival) throw csv.error("arrival " + arrivalSeconds + " s is earlier than the previous request's: requests must be sorted by arrival");
                lastArrival = arrivalCycles;
                rows.add(new long[]{arrivalCycles, net.ordinal(), (long) priority - 1, Math.round(targetSeconds * CYCLES_PER_SECOND)});
            }
            if (rows.isEmpty()) throw csv.error("no requests after the header");
            int n = rows.size();
            long[] arrival = new long[n];
            int[] network = new int[n];
            int[] level = new int[n];
            long[] target = new long[n];
            for (int r = 0; r < n; r++) {
                long[] row = rows.get(r);
                arrival[r] = row[0];
                network[r] = (int) row[1];
                level[r] = (int) row[2];
                target[r] = row[3];
            }
            return new MocaTrace(source, arrival, network, level, target);
        }
    }

    private static MocaNetwork networkNamed(CsvReader csv, String name) {
        for (MocaNetwork n : MocaNetwork.values()) if (n.cliName().equals(name)) return n;
        StringBuilder known = new StringBuilder();
        for (MocaNetwork n : MocaNetwork.values()) known.append(known.length() == 0 ? "" : " ").append(n.cliName());
        throw csv.error("unknown model '" + name + "' (MoCA's models: " + known + ")");
    }
}

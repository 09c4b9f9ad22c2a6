package dev.cotenant.simulator.multitile.policy;

import dev.cotenant.simulator.multitile.BandwidthSharing;
import dev.cotenant.simulator.multitile.MultiTileHardware;
import dev.cotenant.simulator.multitile.MultiTilePolicy;
import dev.cotenant.simulator.multitile.MultiTileState;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.ParameterSpace;

/**
 * {@code moca}: MoCA's runtime (Kim et al., HPCA 2023), restated for this kernel.
 *
 * <p><b>Tiles</b>, at request boundaries: waiting requests are taken in descending
 * {@link #admissionScore} ({@code priority * estIsolated(default_tiles) / slack}: important and
 * urgent first); each gets the fewest tiles in {@code [default_tiles, max_tiles]} whose estimate
 * meets its slack under the current contention, else {@code max_tiles}, never more than are free;
 * running requests keep their tiles to the end (MoCA repartitions compute only between requests).
 *
 * <p><b>Memory</b>, at each reconfiguration point (an event at least {@code reconfig_period_us}
 * after the last one):
 * <ol>
 *   <li>the predicted aggregate demand {@code D = sum d_r} (each running layer's bandwidth to run at
 *       compute speed) is compared with {@code contention_threshold * B}; below it, every regulator
 *       is opened and nothing else happens;</li>
 *   <li>each running request's remaining latency is predicted under the contention it will see: a
 *       roofline over its remaining layers, {@code max(remainingCompute, remainingBytes / share)},
 *       with {@code share} its expected max-min share of the bus for its average remaining demand;</li>
 *   <li>it is <i>at risk</i> if that exceeds {@code at_risk_urgency * slack} while its compute alone
 *       still fits in the slack (beyond that no bandwidth saves it); its score is
 *       {@code priority * predicted / slack};</li>
 *   <li>the at-risk requests need {@code remainingBytes / slack} each; the shortfall against their
 *       expected shares is taken from the memory-heavy requests ({@code d_r >= memory_heavy_fraction * B / n})
 *       whose score is below {@code score_cutoff} times the lowest at-risk score, lowest score first,
 *       each throttled just enough and at most down to {@code min_throttle_fraction * d_r};</li>
 *   <li>a throttle is set as a regulator threshold per {@code window_cycles}-cycle window (rounded
 *       down, at least 1 request), so every cap is one the hardware can hold.</li>
 * </ol>
 */
class Moca extends MultiTilePolicy {
    static final String NAME = "moca";
    /** The ablation: MoCA's tile assignment with every regulator left open, to measure what throttling adds. */
    static final String NO_THROTTLE_NAME = "moca-no-throttle";
    static final ParameterSpace SPACE = ParameterSpace.of(
            new Parameter("contention_threshold", 1.0, 0.25, 4, Parameter.Scale.LINEAR,
                    "aggregate demand / bandwidth above which MoCA throttles; 1: contention starts when asks exceed the bus"),
            new Parameter("at_risk_urgency", 1.0, 0.25, 4, Parameter.Scale.LINEAR,
                    "predicted remaining / slack above which a tenant is at risk; 1: it would miss its target"),
            new Parameter("score_cutoff", 1.0, 0.05, 20, Parameter.Scale.LOG,
                    "throttle only tenants scoring below this times the lowest at-risk score; 1: anyone less important than every at-risk tenant"),
            new Parameter("memory_heavy_fraction", 1.0, 0.1, 4, Parameter.Scale.LOG,
                    "a tenant is memory-heavy if its demand is at least this times the fair share B/n"),
            new Parameter("min_throttle_fraction", 0.1, 0.01, 1, Parameter.Scale.LOG,
                    "deepest throttle, as a share of the tenant's demand (bounds the starvation MoCA avoids)"),
            new Parameter("window_cycles", 1024, 64, 65536, Parameter.Scale.LOG,
                    "regulator window in cycles; thresholds are whole requests per window"),
            new Parameter("reconfig_period_us", 0, 0, 10000, Parameter.Scale.LINEAR,
                    "least time between memory reconfigurations; 0: at every layer boundary and arrival, as MoCA"),
            new Parameter("default_tiles", 2, 1, 64, Parameter.Scale.LINEAR,
                    "tiles a request starts with; 2 of 8 matches the static baseline's share"),
            new Parameter("max_tiles", 4, 1, 64, Parameter.Scale.LINEAR,
                    "most tiles MoCA gives one request when its target needs more"));

    private final double contentionThreshold;
    private final double atRiskUrgency;
    private final double scoreCutoff;
    private final double memoryHeavyFraction;
    private final double minThrottleFraction;
    private final double windowCycles;
    private final double reconfigPeriodSeconds;
    private final double defaultTiles;
    private final double maxTiles;
    private final boolean throttle;
    private double lastReconfigSeconds;
    private int[] order = new int[0];
    private double[] key = new double[0];
    private double[] share = new double[0];
    private double[] demand = new double[0];
    private int[] runningIds = new int[0];

    Moca(String name, double[] parameters) { this(name, parameters, true); }

    /** @param throttle false for {@value #NO_THROTTLE_NAME}: regulators stay open, everything else is MoCA's */
    Moca(String name, double[] parameters, boolean throttle) {
        super(name);
        this.throttle = throttle;
        contentionThreshold = parameters[0];
        atRiskUrgency = parameters[1];
        scoreCutoff = parameters[2];
        memoryHeavyFraction = parameters[3];
        minThrottleFraction = parameters[4];
        windowCycles = parameters[5];
        reconfigPeriodSeconds = parameters[6] * 1e-6;
        defaultTiles = parameters[7];
        maxTiles = parameters[8];
    }

    @Override
    public void reset(MultiTileState s) {
        int n = s.requestCount();
        if (key.length < n) {
            order = new int[n];
            key = new double[n];
            share = new double[n];
            demand = new double[n];
        }
        if (runningIds.length < s.tiles()) runningIds = new int[s.tiles()];
        lastReconfigSeconds = Double.NEGATIVE_INFINITY;
    }

    @Override
    public void decide(MultiTileState s) {
        assignTiles(s);
        if (s.nowSeconds() - lastReconfigSeconds >= reconfigPeriodSeconds) {
            lastReconfigSeconds = s.nowSeconds();
            regulate(s);
        }
    }

    // ------------------------------------------------------------------ tiles

    private void assignTiles(MultiTileState s) {
        int count = s.waitingCount();
        if (count == 0 || s.freeTiles() == 0) return;
        int base = TileSizing.tiles(defaultTiles, s.tiles());
        int most = Math.max(base, TileSizing.tiles(maxTiles, s.tiles()));
        for (int i = 0; i < count; i++) {
            int r = s.waitingAt(i);
            order[i] = r;
            key[r] = admissionScore(s, r, base);
        }
        sortDescending(count);
        double slowdown = contentionSlowdown(s);
        for (int i = 0; i < count && s.freeTiles() > 0; i++) {
            int r = order[i];
            int floor = Math.max(base, s.requiredTiles(r));
            if (s.requiredTiles(r) > s.freeTiles()) continue;
            int limit = Math.min(Math.max(floor, most), s.tiles());
            int k = TileSizing.fewestMeeting(s, r, limit, s.slackSeconds(r), slowdown);
            // Never leave tiles idle that the queue cannot use: at least an equal share of what is free.
            int equalShare = Math.min(limit, s.freeTiles() / (count - i));
            k = Math.max(k > 0 ? k : limit, Math.max(floor, equalShare));
            s.start(r, Math.max(s.requiredTiles(r), Math.min(k, s.freeTiles())));
        }
    }

    /** Higher starts first. MoCA: {@code priority * estIsolated / slack}; late requests go last. */
    protected double admissionScore(MultiTileState s, int r, int tiles) {
        double slack = s.slackSeconds(r);
        return slack > 0 ? s.priority(r) * s.estIsolatedSeconds(r, tiles) / slack : -Double.MAX_VALUE;
    }

    /** Aggregate demand of the running layers over what the bus delivers them, at least 1: how much slower memory-bound work will go now. */
    private double contentionSlowdown(MultiTileState s) {
        int n = s.runningCount();
        double total = 0;
        for (int i = 0; i < n; i++) {
            int r = s.runningAt(i);
            runningIds[i] = r;
            demand[r] = s.estLayerDemandBytesPerSecond(r, s.tilesOf(r)); // demand[] as scratch: regulate() refills it
            total += demand[r];
        }
        double delivered = BandwidthSharing.deliveredBytesPerSecond(s.bandwidthBytesPerSecond(), s.hardware().contentionLossPerExtraStream(),
                BandwidthSharing.effectiveStreams(runningIds, n, demand));
        return Math.max(1, total / delivered);
    }

    /** Compute seconds of the layers left; {@code moca-dysta} corrects it by the sparsity monitor. */
    protected double remainingComputeSeconds(MultiTileState s, int r, int k) { return s.estRemainingComputeSeconds(r, k); }

    // ------------------------------------------------------------------ memory

    private void regulate(MultiTileState s) {
        int n = s.runningCount();
        double bandwidth = s.bandwidthBytesPerSecond();
        double loss = s.hardware().contentionLossPerExtraStream();
        double aggregate = 0;
        for (int i = 0; i < n; i++) {
            int r = s.runningAt(i);
            order[i] = r;
            demand[r] = s.estLayerDemandBytesPerSecond(r, s.tilesOf(r));
            aggregate += demand[r];
        }
        // Contention: the asks exceed what the bus delivers to this many streams (B itself on an ideal bus).
        double delivered = BandwidthSharing.deliveredBytesPerSecond(bandwidth, loss, BandwidthSharing.effectiveStreams(order, n, demand));
        if (!throttle || aggregate <= contentionThreshold * delivered) {
            for (int i = 0; i < n; i++) s.setCap(s.runningAt(i), Double.POSITIVE_INFINITY);
            return;
        }
        // Expected shares: the bus rule applied to each tenant's average remaining demand.
        for (int i = 0; i < n; i++) {
            int r = s.runningAt(i);
            int k = s.tilesOf(r);
            double compute = remainingComputeSeconds(s, r, k);
            key[r] = compute > 0 ? Math.min(s.remainingBytes(r, k) / compute, bandwidth) : bandwidth;
            order[i] = r;
        }
        BandwidthSharing.share(bandwidth, loss, order, n, key, share);

        double shortfall = 0;
        double lowestAtRiskScore = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            int r = s.runningAt(i);
            int k = s.tilesOf(r);
            double compute = remainingComputeSeconds(s, r, k);
            double bytes = s.remainingBytes(r, k);
            double predicted = Math.max(compute, share[r] > 0 ? bytes / share[r] : Double.POSITIVE_INFINITY);
            double slack = s.slackSeconds(r);
            boolean savable = slack > 0 && compute < slack;
            double score = slack > 0 ? s.priority(r) * predicted / slack : 0; // late: nothing left to protect
            key[r] = score;
            if (savable && predicted > atRiskUrgency * slack) {
                shortfall += Math.max(0, Math.min(bytes / slack, bandwidth) - share[r]); // average rate that lands the bytes by the deadline
                lowestAtRiskScore = Math.min(lowestAtRiskScore, score);
                demand[r] = -1; // mark at risk: never throttled
            }
        }
        // Throttle candidates, lowest score first.
        int candidates = 0;
        double heavy = memoryHeavyFraction * bandwidth / n;
        for (int i = 0; i < n; i++) {
            int r = s.runningAt(i);
            boolean throttleable = shortfall > 0 && demand[r] >= heavy && key[r] < scoreCutoff * lowestAtRiskScore;
            if (throttleable) order[candidates++] = r;
            else s.setCap(r, Double.POSITIVE_INFINITY);
        }
        sortAscending(candidates);
        MultiTileHardware hw = s.hardware();
        for (int i = 0; i < candidates; i++) {
            int r = order[i];
            if (shortfall <= 0) {
                s.setCap(r, Double.POSITIVE_INFINITY);
                continue;
            }
            double floor = minThrottleFraction * demand[r];
            double wanted = Math.max(floor, Math.min(demand[r], share[r]) - shortfall);
            long threshold = hw.regulatorThresholdFor(wanted, windowCycles);
            double cap = hw.regulatorCapBytesPerSecond(windowCycles, threshold);
            shortfall -= Math.max(0, Math.min(demand[r], share[r]) - cap);
            s.setCap(r, cap);
        }
    }

    private void sortDescending(int count) {
        for (int i = 1; i < count; i++) {
            int r = order[i];
            int j = i - 1;
            while (j >= 0 && key[order[j]] < key[r]) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = r;
        }
    }

    private void sortAscending(int count) {
        for (int i = 1; i < count; i++) {
            int r = order[i];
            int j = i - 1;
            while (j >= 0 && key[order[j]] > key[r]) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = r;
        }
    }
}

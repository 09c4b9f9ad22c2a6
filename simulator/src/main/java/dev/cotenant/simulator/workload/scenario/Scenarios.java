package dev.cotenant.simulator.workload.scenario;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.latency.SangerLatencyModel;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import dev.cotenant.simulator.trace.Trace;
import dev.cotenant.simulator.workload.AttentionSamples;
import dev.cotenant.simulator.workload.SystolicProfile;
import dev.cotenant.simulator.workload.WorkloadTables;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import dev.cotenant.simulator.workload.cost.SystolicTile;
import dev.cotenant.simulator.workload.sparsity.ActivationSparsityModel;
import dev.cotenant.simulator.workload.sparsity.AttentionSparsityModel;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import dev.cotenant.simulator.workload.zoo.ModelZoo;
import dev.cotenant.simulator.workload.zoo.Network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;

/**
 * The named scenarios: Sparse-DySta's three deployment scenarios (time-multiplexed sparse
 * accelerator) and MoCA's light / heavy / mixed workload sets at three QoS levels (multi-tile
 * systolic accelerator). Every number here is a modelling choice documented in docs/workloads.md;
 * the papers' exact mixes, rates and targets are not reproduced.
 */
public final class Scenarios {
    /** Targets relative to isolated latency for MoCA's QoS levels (our choice: 1.2x, 1.5x, 2x). */
    public enum QoS {
        TIGHT(1.2), MEDIUM(1.5), LOOSE(2.0);

        public final double sloMultiplier;

        QoS(double sloMultiplier) { this.sloMultiplier = sloMultiplier; }
    }

    /** MoCA-style priorities: three user levels, drawn uniformly. */
    public static final List<Double> MOCA_PRIORITIES = List.of(1.0, 2.0, 3.0);
    /** MoCA's evaluation networks. */
    public static final List<String> MOCA_ARCHITECTURES =
            List.of("kwsdscnn", "squeezenet", "googlenet", "resnet18", "alexnet", "yolov2tiny", "resnet50");
    /** A network is "light" when it needs under 2 GMAC and under 16 MB of int8 weights (one rule, used for the sets). */
    public static final double LIGHT_MAX_MACS = 2e9;
    public static final double LIGHT_MAX_WEIGHT_BYTES = 16e6;
    /** Offered load of every scenario unless said otherwise: busy 80% of the time, queues form but stay bounded. */
    public static final double DEFAULT_OFFERED_LOAD = 0.8;

    private static final Map<String, Scenario> BY_NAME = new LinkedHashMap<>();

    static {
        List<PruningVariant> dysta = PruningVariant.sparseDystaVariants();
        List<PruningVariant> dense = List.of(PruningVariant.DENSE);
        List<Double> equal = List.of(1.0);
        add(new Scenario("dysta-mobile-vision",
                "Mobile visual perception: classifiers of three sizes, each in its seven pruning variants",
                Scenario.Setting.TIME_MULTIPLEXED, List.of("resnet50", "vgg16", "mobilenetv2"), dysta,
                DEFAULT_OFFERED_LOAD, 1.5, 5.0, equal, 101));
        add(new Scenario("dysta-arvr-hand-tracking",
                "AR/VR hand tracking: an SSD300 hand detector and a ResNet-50 pose regressor, frame-rate targets",
                Scenario.Setting.TIME_MULTIPLEXED, List.of("ssd300", "resnet50"), dysta,
                0.9, 1.2, 3.0, equal, 102));
        add(new Scenario("dysta-datacentre-assistant",
                "Data-centre personal assistant: BERT-base (384), BART-base (128), GPT-2 small (128) on a Sanger accelerator",
                Scenario.Setting.TIME_MULTIPLEXED, List.of("bert", "bart", "gpt2"), dense,
                DEFAULT_OFFERED_LOAD, 2.0, 10.0, equal, 103));
        long seed = 200;
        for (String set : List.of("light", "heavy", "mixed")) {
            for (QoS qos : QoS.values()) {
                add(new Scenario("moca-" + set + "-" + qos.name().toLowerCase(Locale.ROOT),
                        "MoCA " + set + " models, " + qos.name().toLowerCase(Locale.ROOT) + " QoS (target "
                                + qos.sloMultiplier + "x isolated latency), three priority levels",
                        Scenario.Setting.MULTI_TILE, mocaSet(set), dense, DEFAULT_OFFERED_LOAD,
                        qos.sloMultiplier, qos.sloMultiplier, MOCA_PRIORITIES, seed++));
            }
        }
    }

    private Scenarios() {}

    private static void add(Scenario s) { BY_NAME.put(s.name(), s); }

    public static List<Scenario> list() { return List.copyOf(BY_NAME.values()); }

    public static Scenario byName(String name) {
        Scenario s = BY_NAME.get(name);
        if (s == null) throw new BadInputException("unknown scenario '" + name + "'; known: " + String.join(", ", BY_NAME.keySet()));
        return s;
    }

    public static boolean isLight(Network network) {
        long weightBytes = network.layers().stream().mapToLong(l -> l.weightsShared() ? 0 : l.weightBytes()).sum();
        return network.macs() < LIGHT_MAX_MACS && weightBytes < LIGHT_MAX_WEIGHT_BYTES;
    }

    private static List<String> mocaSet(String set) {
        if (set.equals("mixed")) return MOCA_ARCHITECTURES;
        boolean light = set.equals("light");
        return MOCA_ARCHITECTURES.stream().filter(a -> isLight(ModelZoo.byName(a)) == light).toList();
    }

    /** Latency directory of a time-multiplexed scenario of CNNs only, on the default Eyeriss-v2-like model. */
    public static LatencyDirectory latencyDirectory(Scenario scenario, int samplesPerModel) {
        return latencyDirectory(scenario, samplesPerModel, SparseCnnAccelerator.eyerissV2(), samples -> {
            throw BadInputException.at(scenario.name(), "has attention model '" + samples.modelName()
                    + "'; pass a Sanger latency model");
        });
    }

    /**
     * Latency directory of a time-multiplexed scenario: one EyerissV2-layout table per CNN
     * architecture and variant, one Sanger-layout table per attention network, whose latency
     * {@code sangerLatency.apply(samples).applyAsDouble(density, loadBalance)} the caller supplies
     * (it depends on the sequence length, {@link AttentionSamples#sequenceLength()}).
     */
    public static LatencyDirectory latencyDirectory(Scenario scenario, int samplesPerModel, SparseCnnAccelerator accelerator,
                                                    Function<AttentionSamples, DoubleBinaryOperator> sangerLatency) {
        if (scenario.setting() != Scenario.Setting.TIME_MULTIPLEXED) {
            throw BadInputException.at(scenario.name(), "is a multi-tile scenario; build systolic profiles instead of a latency directory");
        }
        List<LatencyTable> tables = new ArrayList<>();
        ActivationSparsityModel activations = ActivationSparsityModel.calibrated();
        for (String architecture : scenario.architectures()) {
            Network network = ModelZoo.byName(architecture);
            if (!network.attentionScoreLayers().isEmpty()) {
                AttentionSamples samples = WorkloadTables.attentionSamples(network, AttentionSparsityModel.calibrated(),
                        samplesPerModel, scenario.seed());
                tables.add(samples.toLatencyTable(sangerLatency.apply(samples)));
            } else {
                for (PruningVariant variant : scenario.variants()) {
                    tables.add(WorkloadTables.eyerissTable(network, variant, accelerator, activations, samplesPerModel, scenario.seed()));
                }
            }
        }
        return new LatencyDirectory(tables);
    }

    /** Per-layer systolic costs on 1..maxTiles tiles of every model of a multi-tile scenario. */
    public static List<SystolicProfile> systolicProfiles(Scenario scenario, SystolicTile tile, int maxTiles) {
        return scenario.architectures().stream().map(a -> new SystolicProfile(ModelZoo.byName(a), tile, maxTiles)).toList();
    }

    /**
     * A Poisson trace of a time-multiplexed scenario over {@code directory}: its arrival rate, its
     * SLO multiplier range and its priorities.
     */
    public static Trace trace(Scenario scenario, LatencyDirectory directory, int requestCount, long seed) {
        double[] priorities = scenario.priorities().stream().mapToDouble(Double::doubleValue).toArray();
        return PoissonTraceGenerator.generate(directory, requestCount, arrivalRatePerSecond(scenario, directory),
                scenario.sloMultiplierMin(), scenario.sloMultiplierMax(), priorities, seed);
    }

    /**
     * Latency directory of any time-multiplexed scenario: CNNs on the Eyeriss-v2-like model,
     * attention networks on the Sanger model at their own sequence length.
     */
    public static LatencyDirectory latencyDirectoryWithSanger(Scenario scenario, int samplesPerModel) {
        return latencyDirectory(scenario, samplesPerModel, SparseCnnAccelerator.eyerissV2(),
                samples -> new SangerLatencyModel(samples.sequenceLength())::layerLatencySeconds);
    }

    /**
     * Poisson rate that gives the scenario's offered load on one time-multiplexed accelerator,
     * models picked uniformly: {@code load / mean over models of their mean isolated latency}.
     */
    public static double arrivalRatePerSecond(Scenario scenario, LatencyDirectory directory) {
        double mean = directory.tables().stream().mapToDouble(LatencyTable::meanEndToEndSeconds).average().orElseThrow();
        return scenario.offeredLoad() / mean;
    }

    /**
     * Poisson rate that gives the scenario's offered load on {@code totalTiles} tiles sharing one
     * DRAM bus, when every request runs on {@code tilesPerRequest} of them: the rule of
     * {@link #multiTileArrivalRatePerSecond}, with each model's isolated latency and bytes on that many
     * tiles from its profile.
     *
     * @param deliverableBytesPerSecond what the bus delivers to {@code totalTiles / tilesPerRequest} co-running tenants
     */
    public static double arrivalRatePerSecond(Scenario scenario, List<SystolicProfile> profiles, int tilesPerRequest, int totalTiles,
                                              double deliverableBytesPerSecond) {
        checkTilesPerRequest(tilesPerRequest, totalTiles);
        double meanSeconds = profiles.stream().mapToDouble(p -> p.isolatedSeconds(tilesPerRequest)).average().orElseThrow();
        double meanBytes = profiles.stream().mapToDouble(p -> p.dramBytes(tilesPerRequest)).average().orElseThrow();
        return multiTileArrivalRatePerSecond(scenario.offeredLoad(), meanSeconds, meanBytes, tilesPerRequest, totalTiles, deliverableBytesPerSecond);
    }

    /**
     * The multi-tile load rule. A request (models picked uniformly) occupies a slot of
     * {@code tilesPerRequest} tiles for its isolated latency and moves its bytes over the bus, so by
     * the bottleneck law the machine serves at most
     * <pre>
     *   capacity = min( (totalTiles / tilesPerRequest) / meanIsolatedSeconds ,  deliverableBytesPerSecond / meanBytes )
     *            = 1 / max( compute-bound time per request, bandwidth-bound time per request )
     * </pre>
     * requests per second, and the rate is {@code load x capacity}. Without the bandwidth term a
     * memory-heavy set at load 0.8 asks for more bytes per second than the bus has, and its queue
     * grows without bound under every policy.
     */
    public static double multiTileArrivalRatePerSecond(double offeredLoad, double meanIsolatedSeconds, double meanBytes,
                                                       int tilesPerRequest, int totalTiles, double deliverableBytesPerSecond) {
        checkTilesPerRequest(tilesPerRequest, totalTiles);
        double computeBound = meanIsolatedSeconds * tilesPerRequest / totalTiles;
        double bandwidthBound = meanBytes / deliverableBytesPerSecond;
        return offeredLoad / Math.max(computeBound, bandwidthBound);
    }

    private static void checkTilesPerRequest(int tilesPerRequest, int totalTiles) {
        if (tilesPerRequest < 1 || tilesPerRequest > totalTiles) {
            throw BadInputException.at("tilesPerRequest", "must be in [1, " + totalTiles + "], got " + tilesPerRequest);
        }
    }
}

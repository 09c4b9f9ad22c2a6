package dev.cotenant.simulator.workload.scenario;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.latency.SangerLatencyModel;
import dev.cotenant.simulator.trace.PoissonTraceGenerator;
import dev.cotenant.simulator.trace.Trace;
import dev.cotenant.simulator.workload.AttentionSamples;
import dev.cotenant.simulator.workload.WorkloadTables;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import dev.cotenant.simulator.workload.sparsity.ActivationSparsityModel;
import dev.cotenant.simulator.workload.sparsity.AttentionSparsityModel;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import dev.cotenant.simulator.workload.zoo.ModelZoo;
import dev.cotenant.simulator.workload.zoo.Network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;

/**
 * The named scenarios of the time-multiplexed setting: Sparse-DySta's three deployment scenarios
 * on a sparse accelerator. Every number here is a modelling choice documented in docs/workloads.md;
 * the paper's exact mixes, rates and targets are not reproduced. (MoCA's workload sets, which the
 * artifact fixes exactly, live with the multi-tile model in {@code dev.cotenant.simulator.moca}.)
 */
public final class Scenarios {
    /** Offered load of every scenario unless said otherwise: busy 80% of the time, queues form but stay bounded. */
    public static final double DEFAULT_OFFERED_LOAD = 0.8;

    private static final Map<String, Scenario> BY_NAME = new LinkedHashMap<>();

    static {
        List<PruningVariant> dysta = PruningVariant.sparseDystaVariants();
        List<PruningVariant> dense = List.of(PruningVariant.DENSE);
        List<Double> equal = List.of(1.0);
        add(new Scenario("dysta-mobile-vision",
                "Mobile visual perception: classifiers of three sizes, each in its seven pruning variants",
                List.of("resnet50", "vgg16", "mobilenetv2"), dysta,
                DEFAULT_OFFERED_LOAD, 1.5, 5.0, equal, 101));
        add(new Scenario("dysta-arvr-hand-tracking",
                "AR/VR hand tracking: an SSD300 hand detector and a ResNet-50 pose regressor, frame-rate targets",
                List.of("ssd300", "resnet50"), dysta,
                0.9, 1.2, 3.0, equal, 102));
        add(new Scenario("dysta-datacentre-assistant",
                "Data-centre personal assistant: BERT-base (384), BART-base (128), GPT-2 small (128) on a Sanger accelerator",
                List.of("bert", "bart", "gpt2"), dense,
                DEFAULT_OFFERED_LOAD, 2.0, 10.0, equal, 103));
    }

    private Scenarios() {}

    private static void add(Scenario s) { BY_NAME.put(s.name(), s); }

    public static List<Scenario> list() { return List.copyOf(BY_NAME.values()); }

    public static Scenario byName(String name) {
        Scenario s = BY_NAME.get(name);
        if (s == null) throw new BadInputException("unknown scenario '" + name + "'; known: " + String.join(", ", BY_NAME.keySet()));
        return s;
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
}

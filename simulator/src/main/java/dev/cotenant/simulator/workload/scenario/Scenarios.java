package dev.cotenant.simulator.workload.scenario;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.latency.SangerLatencyModel;
import dev.cotenant.simulator.kernel.DropRule;
import dev.cotenant.simulator.trace.PeriodicStream;
import dev.cotenant.simulator.trace.PeriodicTraceGenerator;
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

    /** Loads the XR scenarios are also registered at (besides their nominal frame rates): one the accelerator can keep up with, one it cannot. */
    public static final double[] XR_SCALED_LOADS = {0.7, 1.5};


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
        addExtendedReality();
    }

    /**
     * Three of XRBench's usage scenarios (Kwon et al., MLSys 2023) as periodic workloads, as its
     * public artifact defines them: the networks (from its layer shapes, {@code ModelZoo}'s
     * XRBench entries), frame rates, chains and trigger probabilities. Dense weights on the
     * Eyeriss-v2-like model; a frame is dropped once its deadline (the next frame) has passed. The
     * phases (a millisecond or two apart) are ours. Each is registered at its nominal rates and at
     * the loads of {@link #XR_SCALED_LOADS}; docs/realtime.md gives every number's source.
     */
    private static void addExtendedReality() {
        String es = "ritnet_dense", ge = "fbnetc_dense", ht = "handgraphcnn_dense", kd = "res8narrow_dense", sr = "emformer_dense",
                ss = "hrvitb1_dense", de = "midassmall_dense", pd = "planercnn_dense", od = "d2gofrcnn_dense";
        addXr("xr-vr-gaming", "XRBench VR gaming: eye segmentation -> gaze estimation 60 fps; hand tracking 45 fps",
                List.of("ritnet", "fbnetc", "handgraphcnn"),
                List.of(PeriodicStream.every(es, 60), PeriodicStream.every(ge, 60).after(es), PeriodicStream.every(ht, 45).withPhase(0.001)), 201);
        addXr("xr-ar-assistant", "XRBench AR assistant: keyword detection 3 fps -> speech recognition on half of them; "
                        + "semantic segmentation 10 fps; depth estimation 30 fps; plane detection 15 fps; object detection 10 fps",
                List.of("res8narrow", "emformer", "hrvitb1", "midassmall", "planercnn", "d2gofrcnn"),
                List.of(PeriodicStream.every(kd, 3), PeriodicStream.every(sr, 3).after(kd).triggered(0.5),
                        PeriodicStream.every(ss, 10).withPhase(0.001), PeriodicStream.every(de, 30).withPhase(0.002),
                        PeriodicStream.every(pd, 15).withPhase(0.003), PeriodicStream.every(od, 10).withPhase(0.004)), 202);
        addXr("xr-outdoor-activity", "XRBench outdoor activity A: keyword detection 3 fps -> speech recognition on 1 in 5; "
                        + "semantic segmentation 10 fps; object detection 30 fps",
                List.of("res8narrow", "emformer", "hrvitb1", "d2gofrcnn"),
                List.of(PeriodicStream.every(kd, 3), PeriodicStream.every(sr, 3).after(kd).triggered(0.2),
                        PeriodicStream.every(ss, 10).withPhase(0.001), PeriodicStream.every(od, 30).withPhase(0.002)), 203);
    }

    private static void addXr(String name, String description, List<String> architectures, List<PeriodicStream> streams, long seed) {
        add(Scenario.periodic(name, description + " (nominal rates)", architectures, PruningVariant.DENSE, Double.NaN,
                streams, DropRule.LATE, seed));
        for (double load : XR_SCALED_LOADS) {
            add(Scenario.periodic(name + "-load" + load, description + " (rates scaled to offered load " + load + ")",
                    architectures, PruningVariant.DENSE, load, streams, DropRule.LATE, seed));
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
        if (scenario.isPeriodic()) {
            return PeriodicTraceGenerator.generate(directory, scenario.streams(), rateScale(scenario, directory), requestCount, seed);
        }
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
    /**
     * Offered load of a periodic scenario at its nominal frame rates: the sum over streams of frame
     * rate x share of frames run x the model's mean isolated latency (the accelerator's busy share).
     */
    public static double nominalLoad(Scenario scenario, LatencyDirectory directory) {
        PeriodicTraceGenerator.validate(scenario.streams(), directory, scenario.name());
        double load = 0;
        for (int i = 0; i < scenario.streams().size(); i++) {
            PeriodicStream s = scenario.streams().get(i);
            load += s.framesPerSecond() * PeriodicTraceGenerator.runShare(scenario.streams(), i)
                    * directory.table(directory.modelId(s.model())).meanEndToEndSeconds();
        }
        return load;
    }

    /** Factor on a periodic scenario's frame rates that gives its offered load: 1 for its nominal rates (offered load NaN). */
    public static double rateScale(Scenario scenario, LatencyDirectory directory) {
        return Double.isNaN(scenario.offeredLoad()) ? 1 : scenario.offeredLoad() / nominalLoad(scenario, directory);
    }

    public static double arrivalRatePerSecond(Scenario scenario, LatencyDirectory directory) {
        if (scenario.isPeriodic()) {
            throw BadInputException.at(scenario.name(), "is periodic (frame rates per model, not one Poisson rate); "
                    + "this command generates Poisson traces only: use simulate/trace --scenario, or a trace file");
        }
        double mean = directory.tables().stream().mapToDouble(LatencyTable::meanEndToEndSeconds).average().orElseThrow();
        return scenario.offeredLoad() / mean;
    }
}

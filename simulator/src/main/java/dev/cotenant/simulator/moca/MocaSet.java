package dev.cotenant.simulator.moca;

import java.util.List;

/**
 * MoCA's three workload sets: which networks a request can be, with what weights, and how densely
 * requests are generated. The model draw is {@code r = draw mod modulus}, then the first network
 * whose cumulative weight exceeds {@code r}; {@code capScale} stretches the arrival gaps.
 * {@code fmaSubtractsJitterFirst} records how the artifact's float32 compiler contraction groups the
 * arrival arithmetic for this set (see {@link MocaTraces}).
 */
public enum MocaSet {
    A(76, new MocaNetwork[]{MocaNetwork.SQUEEZENET, MocaNetwork.KWSNET, MocaNetwork.YOLOLITE}, new int[]{30, 21, 25}, 0.92f, false),
    B(64, new MocaNetwork[]{MocaNetwork.RESNET50, MocaNetwork.ALEXNET, MocaNetwork.GOOGLENET, MocaNetwork.YOLOV2},
            new int[]{12, 18, 16, 18}, 1.42f, false),
    C(140, MocaNetwork.values(), new int[]{12, 18, 16, 30, 21, 18, 25}, 1.22f, true);

    private final int modulus;
    private final MocaNetwork[] networks;
    private final int[] weights;
    private final float capScale;
    private final boolean fmaSubtractsJitterFirst;

    MocaSet(int modulus, MocaNetwork[] networks, int[] weights, float capScale, boolean fmaSubtractsJitterFirst) {
        this.modulus = modulus;
        this.networks = networks;
        this.weights = weights;
        this.capScale = capScale;
        this.fmaSubtractsJitterFirst = fmaSubtractsJitterFirst;
    }

    public int modulus() { return modulus; }
    public List<MocaNetwork> networks() { return List.of(networks); }
    public float capScale() { return capScale; }
    boolean fmaSubtractsJitterFirst() { return fmaSubtractsJitterFirst; }

    /** The network for a model draw {@code r} in {@code [0, modulus)}: cumulative weights in id order. */
    MocaNetwork networkForDraw(int r) {
        int cumulative = 0;
        for (int i = 0; i < networks.length - 1; i++) {
            cumulative += weights[i];
            if (r < cumulative) return networks[i];
        }
        return networks[networks.length - 1];
    }

    /** Lower-case letter used in scenario names ({@code moca-a-h}). */
    public String letter() { return name().toLowerCase(java.util.Locale.ROOT); }
}

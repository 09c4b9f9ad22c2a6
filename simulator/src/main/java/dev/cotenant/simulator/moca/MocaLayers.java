package dev.cotenant.simulator.moca;

import dev.cotenant.simulator.workload.zoo.Layer;
import dev.cotenant.simulator.workload.zoo.LayerKind;
import dev.cotenant.simulator.workload.zoo.ModelZoo;
import dev.cotenant.simulator.workload.zoo.Network;

import java.util.ArrayList;
import java.util.List;

/**
 * The conv/matmul layers of each MoCA network as the artifact's runtime counts them, read from the
 * model zoo's layer shapes, plus the work the layer counter does not count (pooling, residual adds)
 * attached to the counted layer it follows. Only shapes here; costs are {@link MocaWork}'s.
 */
final class MocaLayers {
    /**
     * One counted layer: the GEMM {@code [m x k] * [k x n]}, its input as pixels x channels, and the
     * uncounted work that runs after it.
     *
     * @param fullyConnected    a matmul with one output row: split across tiles by output columns
     * @param poolInputRows     16-B rows the pooling that follows reads (0 if none)
     * @param resaddRows        16-B rows moved by the residual add that follows (two reads + one write; 0 if none)
     */
    record Shape(String name, long m, long k, long n, long inputPixels, long inputChannels, long outputPixels,
                 boolean fullyConnected, long poolInputRows, long resaddRows, long padding, long splitRows) {
        /**
         * Whether the runtime splits this layer over {@code tiles} by output channels rather than
         * rows: it divides the (pooled) output rows when they divide evenly, and always for an
         * unpadded convolution (unevenly); otherwise it divides the output channels. A fully
         * connected layer (one row) is always split by channels.
         */
        boolean splitByChannels(int tiles) {
            if (fullyConnected) return true;
            return tiles > 1 && padding > 0 && splitRows % tiles != 0;
        }

        Shape withSplitRows(long rows) {
            return new Shape(name, m, k, n, inputPixels, inputChannels, outputPixels, fullyConnected, poolInputRows,
                    resaddRows, padding, rows);
        }
        long macs() { return m * k * n; }
        /** Kernel positions: Gemmini's convolution runs each as its own K chunk of whole 16-channel blocks. */
        long kernelArea() { return fullyConnected ? 1 : k / inputChannels; }
        /** Stride, from input and output pixels of a square map (1 for matmuls). */
        long stride() {
            if (fullyConnected) return 1;
            double ratio = Math.sqrt((double) inputPixels / outputPixels);
            return Math.max(1, Math.round(ratio));
        }
        long reductionBlocks() { return fullyConnected ? ceilDiv16(k) : kernelArea() * ceilDiv16(inputChannels); }
        long outputRows() { return outputPixels * rowsPerPixel(n); }
        long inputRows() { return inputPixels * rowsPerPixel(inputChannels); }
    }

    static long ceilDiv16(long x) { return (x + 15) / 16; }

    // Pooling costs follow the rows pooled, not the window overlap: Gemmini pools while moving
    // outputs out. (Counting reads per window, 2.25 per row for 3x3/2 and 9 for 3x3/1, fitted the
    // measured times worse: GoogLeNet +19% on one tile.)

    /** Gemmini stores a pixel's channels in whole 16-B scratchpad rows. */
    static long rowsPerPixel(long channels) { return (channels + 15) / 16; }

    private MocaLayers() {}

    static List<Shape> of(MocaNetwork network) {
        return switch (network) {
            case RESNET50 -> fusedPools(resnet50(), new int[]{1}, new int[]{56});
            case ALEXNET -> fusedPools(alexnet(), new int[]{1, 2, 5}, new int[]{27, 13, 6});
            case GOOGLENET -> fusedPools(googlenet(), new int[]{1, 3}, new int[]{56, 28});
            case SQUEEZENET -> fusedPools(sequential(ModelZoo.squeezeNet11(), new int[]{1, 7, 13, 26}),
                    new int[]{1, 6, 7, 12, 13}, new int[]{55, 27, 27, 13, 13});
            case KWSNET -> fusedPools(kws(), new int[]{1}, new int[]{48});
            case YOLOV2 -> fusedPools(sequential(ModelZoo.yoloV2Moca(), new int[]{1, 2, 5, 8, 13}),
                    new int[]{1, 2, 5, 8, 13}, new int[]{112, 56, 28, 14, 7});
            case YOLOLITE -> fusedPools(sequential(ModelZoo.yoloLite(), new int[]{1, 2, 3, 4, 5}),
                    new int[]{1, 2, 3, 4, 5}, new int[]{112, 56, 28, 14, 7});
        };
    }

    /** Whether MoCA's runtime regulates layer {@code layer} (0-based) of {@code network}, as its runtime header lists them. */
    static boolean regulatable(MocaNetwork network, int layer) {
        if (network.regulationForcedOff() || layer == 0) return false;
        return switch (network) {
            case RESNET50 -> layer != network.layerCount() - 1; // not the FC
            case ALEXNET -> layer >= 5;                          // FC block only
            case GOOGLENET -> layer == 1 || layer == 2;          // layers 2-3 only
            default -> true;
        };
    }

    private static Shape shape(Layer l, boolean fc, long poolInputRows, long resaddRows) {
        long inChannels = fc ? l.gemmK() : l.inputElements() / Math.max(1, pixelsOfInput(l));
        long outDim = Math.round(Math.sqrt(l.gemmM()));
        return new Shape(l.name(), l.gemmM(), l.gemmK(), l.gemmN(), pixelsOfInput(l), inChannels, l.gemmM(), fc, poolInputRows,
                resaddRows, fc ? 0 : padding(l.geometry()), outDim);
    }

    /** Input pixels of a conv: input elements / input channels, where input channels = K / kernel area. */
    private static long pixelsOfInput(Layer l) {
        if (l.kind() == LayerKind.FULLY_CONNECTED) return 1;
        long kernelArea = kernelArea(l.geometry());
        long inChannels = l.gemmK() / kernelArea;
        return l.inputElements() / inChannels;
    }

    /** Padding of a convolution from its geometry ({@code ... s2 p3}). */
    private static long padding(String geometry) {
        int at = geometry.indexOf(" p");
        int end = at + 2;
        while (end < geometry.length() && Character.isDigit(geometry.charAt(end))) end++;
        return Long.parseLong(geometry.substring(at + 2, end));
    }

    /**
     * The artifact fuses max pools into the convolutions before them; the runtime then divides the
     * pooled rows among tiles. {@code pooledDims[i]} is the pooled output size of 1-based layer
     * {@code fusedLayers[i]}.
     */
    private static List<Shape> fusedPools(List<Shape> shapes, int[] fusedLayers, int[] pooledDims) {
        List<Shape> out = new ArrayList<>(shapes);
        for (int i = 0; i < fusedLayers.length; i++) out.set(fusedLayers[i] - 1, out.get(fusedLayers[i] - 1).withSplitRows(pooledDims[i]));
        return out;
    }

    private static long kernelArea(String geometry) {
        int at = geometry.indexOf(", k");
        String dims = geometry.substring(at + 3, geometry.indexOf(' ', at + 3));
        String[] hw = dims.split("x");
        return Long.parseLong(hw[0]) * Long.parseLong(hw[1]);
    }

    /** Pooling after the 1-based layers in {@code poolAfter}, reading that layer's output. */
    private static List<Shape> sequential(Network net, int[] poolAfter) {
        List<Layer> layers = net.computeLayers();
        List<Shape> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            long pool = 0;
            for (int p = 0; p < poolAfter.length; p++) {
                if (poolAfter[p] == i + 1) pool = l.gemmM() * rowsPerPixel(l.gemmN());
            }
            out.add(shape(l, l.kind() == LayerKind.FULLY_CONNECTED, pool, 0));
        }
        return out;
    }

    private static List<Shape> resnet50() {
        List<Layer> layers = ModelZoo.resnet50().computeLayers();
        List<Shape> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            boolean fc = l.kind() == LayerKind.FULLY_CONNECTED;
            long pool = i == 0 ? l.gemmM() * rowsPerPixel(l.gemmN()) : 0; // stem max pool 3x3/2
            if (i == layers.size() - 2) pool = l.gemmM() * rowsPerPixel(l.gemmN()); // global average pool before the FC
            boolean lastOfBlock = l.name().endsWith(".downsample")
                    || (l.name().endsWith(".conv3") && !(i + 1 < layers.size() && layers.get(i + 1).name().endsWith(".downsample")));
            long resadd = lastOfBlock ? 3 * l.gemmM() * rowsPerPixel(l.gemmN()) : 0;
            out.add(shape(l, fc, pool, resadd));
        }
        return out;
    }

    /** AlexNet as the artifact runs it: FC6 and FC7 each in two halves of output columns, FC8 to 1024 outputs. */
    private static List<Shape> alexnet() {
        List<Layer> layers = ModelZoo.alexNet().computeLayers();
        List<Shape> out = new ArrayList<>();
        int[] poolAfter = {1, 2, 5};
        for (int i = 0; i < 5; i++) {
            Layer l = layers.get(i);
            long pool = 0;
            for (int p : poolAfter) if (p == i + 1) pool = l.gemmM() * rowsPerPixel(l.gemmN());
            out.add(shape(l, false, pool, 0));
        }
        out.add(fc("fc6a", 9216, 2048));
        out.add(fc("fc6b", 9216, 2048));
        out.add(fc("fc7a", 4096, 2048));
        out.add(fc("fc7b", 4096, 2048));
        out.add(fc("fc8", 4096, 1024));
        return out;
    }

    private static Shape fc(String name, long in, long outFeatures) {
        return new Shape(name, 1, in, outFeatures, 1, in, 1, true, 0, 0, 0, 1);
    }

    /** GoogLeNet: stem pools, each inception's 3x3 stride-1 pool (attached to the 5x5 before its pool projection), stage pools. */
    private static List<Shape> googlenet() {
        List<Layer> layers = ModelZoo.googLeNet(3).computeLayers();
        List<Shape> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            long pool = 0;
            if (i == 0 || i == 2) pool = l.gemmM() * rowsPerPixel(l.gemmN());
            if (i + 1 < layers.size() && layers.get(i + 1).name().endsWith(".poolproj")) {
                Layer proj = layers.get(i + 1);
                pool += proj.inputElements() / 16; // the branch's 3x3/1 pool reads the inception input
            }
            if (l.name().endsWith(".poolproj") && (l.name().startsWith("3b") || l.name().startsWith("4e"))) {
                pool += l.gemmM() * rowsPerPixel(outputChannelsOfInception(layers, i)); // stage pool
            }
            if (l.name().endsWith(".poolproj") && l.name().startsWith("5b")) {
                pool += l.gemmM() * rowsPerPixel(outputChannelsOfInception(layers, i)); // global average pool
            }
            out.add(shape(l, l.kind() == LayerKind.FULLY_CONNECTED, pool, 0));
        }
        return out;
    }

    private static long outputChannelsOfInception(List<Layer> layers, int poolProjIndex) {
        // the concatenation = 1x1 + 3x3 + 5x5 + pool projection outputs
        return layers.get(poolProjIndex - 5).gemmN() + layers.get(poolProjIndex - 3).gemmN()
                + layers.get(poolProjIndex - 1).gemmN() + layers.get(poolProjIndex).gemmN();
    }

    /**
     * KWS: the stem pool, and residual adds after layers 3, 5, ..., 23. The artifact's adds run over
     * 9216 pixel rows of 45 channels (the 96x96 pre-pool size, not the 48x48 maps), so each moves
     * four times a feature map; that is what was measured (about 270 K cycles per add on one tile).
     */
    private static List<Shape> kws() {
        List<Layer> layers = ModelZoo.kwsResidual45().computeLayers();
        List<Shape> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            long pool = i == 0 ? l.gemmM() * rowsPerPixel(l.gemmN()) : 0;
            int oneBased = i + 1;
            long resadd = oneBased >= 3 && oneBased <= 23 && oneBased % 2 == 1 ? 3L * 9216 * rowsPerPixel(45) : 0;
            out.add(shape(l, false, pool, resadd));
        }
        return out;
    }
}

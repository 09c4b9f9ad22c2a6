package dev.cotenant.models.measured;

import dev.cotenant.models.data.FashionMnist;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.workload.zoo.Layer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The four ReLU network families trained here on Fashion-MNIST (1x28x28, 10 classes), each at a
 * width that trains in minutes on 2 cores. Names start with {@code fm} and carry no {@code _}, so
 * latency tables are named {@code fmresnet_unstructured70} as the zoo's are.
 */
public enum FashionArchitecture {
    /** LeCun et al. 1998's LeNet-5 with ReLU and max pooling: conv5x5(6, pad 2), pool, conv5x5(16), pool, fc 120, fc 84, fc 10. */
    FMLENET5("fmlenet5", "LeNet-5-like: 2 conv + 3 FC", 500) {
        @Override GraphSpec spec(long seed) {
            GraphSpec g = new GraphSpec(seed, 1e-3, 1, FashionMnist.SIDE, FashionMnist.SIDE);
            String x = g.conv("conv1", GraphSpec.INPUT, 6, 5, 1, 2, true);
            x = g.maxPool("pool1", x, 2, 2);
            x = g.conv("conv2", x, 16, 5, 1, 0, true);
            x = g.maxPool("pool2", x, 2, 2);
            x = g.dense("fc1", x, 120);
            x = g.dense("fc2", x, 84);
            g.output("fc3", x, FashionMnist.CLASSES);
            return g;
        }
    },
    /** Simonyan and Zisserman's VGG pattern at 1/8 width: three conv-conv-pool stages (8, 16, 32 channels), fc 64, fc 10. */
    FMVGG("fmvgg", "VGG-style: 3 x (conv-conv-pool) + 2 FC", 300) {
        @Override GraphSpec spec(long seed) {
            GraphSpec g = new GraphSpec(seed, 1e-3, 1, FashionMnist.SIDE, FashionMnist.SIDE);
            String x = GraphSpec.INPUT;
            int[] widths = {8, 16, 32};
            for (int s = 0; s < widths.length; s++) {
                x = g.conv("conv" + (s + 1) + "a", x, widths[s], 3, 1, 1, true);
                x = g.conv("conv" + (s + 1) + "b", x, widths[s], 3, 1, 1, true);
                x = g.maxPool("pool" + (s + 1), x, 2, 2);
            }
            x = g.dense("fc1", x, 64);
            g.output("fc2", x, FashionMnist.CLASSES);
            return g;
        }
    },
    /**
     * He et al.'s basic-block ResNet at CIFAR scale, narrowed: a 3x3 stem (12 channels) and 2x2 pool,
     * two 12-channel blocks at 14x14, a downsampling block to 24 channels (stride 2, 1x1 projection)
     * and a 24-channel block at 7x7, global average pool, fc 10: 10 convolutions.
     */
    FMRESNET("fmresnet", "ResNet-style: stem + 4 basic blocks (10 conv) + FC", 250) {
        @Override GraphSpec spec(long seed) {
            GraphSpec g = new GraphSpec(seed, 1e-3, 1, FashionMnist.SIDE, FashionMnist.SIDE);
            String x = g.conv("stem", GraphSpec.INPUT, 12, 3, 1, 1, true);
            x = g.maxPool("pool", x, 2, 2);
            x = block(g, "block1", x, 12, false);
            x = block(g, "block2", x, 12, false);
            x = block(g, "block3", x, 24, true);
            x = block(g, "block4", x, 24, false);
            x = g.globalAveragePool("gap", x);
            g.output("fc", x, FashionMnist.CLASSES);
            return g;
        }

        private String block(GraphSpec g, String name, String input, int channels, boolean downsample) {
            int stride = downsample ? 2 : 1;
            String a = g.conv(name + "a", input, channels, 3, stride, 1, true);
            String b = g.conv(name + "b", a, channels, 3, 1, 1, false);
            String shortcut = downsample ? g.conv(name + "proj", input, channels, 1, 2, 0, false) : input;
            return g.addRelu(name, b, shortcut);
        }
    },
    /** Howard et al.'s MobileNet pattern: a strided 3x3 conv (16), three depthwise-separable pairs (32, 64, 64), global pool, fc 10. */
    FMMOBILENET("fmmobilenet", "MobileNet-style: conv + 3 depthwise-separable pairs + FC", 200) {
        @Override GraphSpec spec(long seed) {
            GraphSpec g = new GraphSpec(seed, 2e-3, 1, FashionMnist.SIDE, FashionMnist.SIDE);
            String x = g.conv("conv0", GraphSpec.INPUT, 16, 3, 2, 1, true);
            x = g.depthwise("dw1", x, 3, 1, 1);
            x = g.conv("pw1", x, 32, 1, 1, 0, true);
            x = g.depthwise("dw2", x, 3, 2, 1);
            x = g.conv("pw2", x, 64, 1, 1, 0, true);
            x = g.depthwise("dw3", x, 3, 1, 1);
            x = g.conv("pw3", x, 64, 1, 1, 0, true);
            x = g.globalAveragePool("gap", x);
            g.output("fc", x, FashionMnist.CLASSES);
            return g;
        }
    };

    // Each constant's last argument is its training steps of 64 images, drawn from one seeded pass over
    // the 60,000 training images (500 steps: 32,000 images, about half an epoch). The budget is the
    // machine's (2 cores shared by several jobs: 0.4 s to over 5 s per step here, MobileNet's depthwise
    // layers the slowest in DL4J), not a convergence criterion; the model cards give the accuracy reached.

    private final String modelName;
    private final String family;
    private final int trainingBatches;

    FashionArchitecture(String modelName, String family, int trainingBatches) {
        this.modelName = modelName;
        this.family = family;
        this.trainingBatches = trainingBatches;
    }

    /** The DL4J graph and its compute layers, initialised from {@code seed}. */
    abstract GraphSpec spec(long seed);

    public String modelName() { return modelName; }
    public String family() { return family; }
    /** Training steps used for the committed weights (see the note above the fields). */
    public int trainingBatches() { return trainingBatches; }

    /** The cost model's view: every compute layer on its real shape, in order. */
    public List<Layer> computeLayers() {
        return spec(0).computeLayers().stream().map(GraphSpec.ComputeLayer::layer).toList();
    }

    public long macs() { return computeLayers().stream().mapToLong(Layer::macs).sum(); }

    public long parameters() { return computeLayers().stream().mapToLong(Layer::parameterCount).sum(); }

    public static FashionArchitecture byName(String name) {
        for (FashionArchitecture a : values()) if (a.modelName.equals(name.toLowerCase(Locale.ROOT))) return a;
        throw new BadInputException("unknown measured network '" + name + "'; known: "
                + String.join(", ", Arrays.stream(values()).map(FashionArchitecture::modelName).toList()));
    }
}

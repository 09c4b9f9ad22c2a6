package dev.cotenant.simulator.workload.zoo;

import dev.cotenant.simulator.BadInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The networks of the Sparse-DySta benchmark and of MoCA's evaluation mixes, each built layer by
 * layer from its published architecture (channel widths, kernels, strides, block counts). Batch 1,
 * ImageNet classifiers at 3x224x224 unless said otherwise. Totals are checked against published
 * figures in the tests; the sources are cited there and in docs/workloads.md.
 */
public final class ModelZoo {
    private static final Map<String, Supplier<Network>> BUILDERS = new LinkedHashMap<>();

    static {
        BUILDERS.put("resnet50", ModelZoo::resnet50);
        BUILDERS.put("mobilenetv2", ModelZoo::mobileNetV2);
        BUILDERS.put("vgg16", ModelZoo::vgg16);
        BUILDERS.put("ssd300", () -> ssd300(91));
        BUILDERS.put("bert", () -> bertBase(384));
        BUILDERS.put("bart", () -> bartBase(128));
        BUILDERS.put("gpt2", () -> gpt2Small(128));
        BUILDERS.put("alexnet", ModelZoo::alexNet);
        BUILDERS.put("googlenet", ModelZoo::googLeNet);
        BUILDERS.put("squeezenet", ModelZoo::squeezeNet10);
        BUILDERS.put("resnet18", ModelZoo::resnet18);
        BUILDERS.put("yolov2tiny", ModelZoo::yoloV2TinyVoc);
        BUILDERS.put("kwsdscnn", ModelZoo::keywordSpottingDsCnnSmall);
        BUILDERS.put("digitscnn", ModelZoo::digitsCnn);
        // XRBench's networks, from the layer shapes of its artifact (docs/realtime.md)
        for (String name : XrBenchNetworks.DESCRIPTIONS.keySet()) BUILDERS.put(name, () -> XrBenchNetworks.byName(name));
    }

    private ModelZoo() {}

    /** Architecture names, in a fixed order. */
    public static List<String> names() { return List.copyOf(BUILDERS.keySet()); }

    public static Network byName(String name) {
        Supplier<Network> builder = BUILDERS.get(name);
        if (builder == null) {
            throw new BadInputException("unknown model '" + name + "'; known: " + String.join(", ", BUILDERS.keySet()));
        }
        return builder.get();
    }

    // ---------------------------------------------------------------- ResNets (He et al. 2016)

    /** torchvision ResNet-50 (v1.5: stride 2 on the 3x3 conv of each downsampling bottleneck). */
    public static Network resnet50() {
        CnnBuilder b = resnetStem();
        int[] blocks = {3, 4, 6, 3};
        for (int stage = 0; stage < 4; stage++) {
            int width = 64 << stage;
            for (int i = 0; i < blocks[stage]; i++) {
                bottleneck(b, "layer" + (stage + 1) + "." + i, width, stage > 0 && i == 0 ? 2 : 1);
            }
        }
        return b.globalPool().fc("fc", 1000, false)
                .build("resnet50", "torchvision ResNet-50 v1.5, 3x224x224, batch norm folded");
    }

    /** torchvision ResNet-18: basic blocks of two 3x3 convolutions. */
    public static Network resnet18() {
        CnnBuilder b = resnetStem();
        for (int stage = 0; stage < 4; stage++) {
            int width = 64 << stage;
            for (int i = 0; i < 2; i++) basicBlock(b, "layer" + (stage + 1) + "." + i, width, stage > 0 && i == 0 ? 2 : 1);
        }
        return b.globalPool().fc("fc", 1000, false)
                .build("resnet18", "torchvision ResNet-18, 3x224x224, batch norm folded");
    }

    private static CnnBuilder resnetStem() {
        return new CnnBuilder(3, 224, 224).conv("conv1", 64, 7, 2, 3).pool(3, 2, 1, false);
    }

    private static void bottleneck(CnnBuilder b, String name, int width, int stride) {
        CnnBuilder.Shape in = b.shape();
        int out = width * 4;
        b.conv(name + ".conv1", width, 1, 1, 0).conv(name + ".conv2", width, 3, stride, 1)
                .conv(name + ".conv3", out, 1, 1, 0, false);
        shortcut(b, name, in, out, stride);
    }

    private static void basicBlock(CnnBuilder b, String name, int width, int stride) {
        CnnBuilder.Shape in = b.shape();
        b.conv(name + ".conv1", width, 3, stride, 1).conv(name + ".conv2", width, 3, 1, 1, false);
        shortcut(b, name, in, width, stride);
    }

    /** Projection shortcut (1x1 conv) when the shape changes, then add and ReLU. */
    private static void shortcut(CnnBuilder b, String name, CnnBuilder.Shape in, int outChannels, int stride) {
        CnnBuilder.Shape main = b.shape();
        if (stride != 1 || in.channels() != outChannels) {
            b.resume(in).conv(name + ".downsample", outChannels, 1, stride, 0, false);
        }
        b.resume(main).residualAdd(true);
    }

    // ---------------------------------------------------------------- MobileNetV2 (Sandler et al. 2018)

    /** MobileNetV2 1.0 at 224: the paper's Table 2 (expansion t, channels c, repeats n, stride s). */
    public static Network mobileNetV2() {
        int[][] tcns = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
        CnnBuilder b = new CnnBuilder(3, 224, 224).conv("conv1", 32, 3, 2, 1);
        int block = 0;
        for (int[] row : tcns) {
            for (int i = 0; i < row[2]; i++, block++) {
                CnnBuilder.Shape in = b.shape();
                int stride = i == 0 ? row[3] : 1;
                String name = "block" + block;
                if (row[0] != 1) b.conv(name + ".expand", in.channels() * row[0], 1, 1, 0);
                b.depthwise(name + ".dw", 3, stride, 1, true).conv(name + ".project", row[1], 1, 1, 0, false);
                if (stride == 1 && in.channels() == row[1]) b.residualAdd(false); // linear bottleneck: no ReLU after the add
            }
        }
        return b.conv("conv_last", 1280, 1, 1, 0).globalPool().fc("fc", 1000, false)
                .build("mobilenetv2", "MobileNetV2 width 1.0, 3x224x224, batch norm folded");
    }

    // ---------------------------------------------------------------- VGG-16 (Simonyan & Zisserman 2015), SSD300

    private static final int[] VGG16_CONV = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};

    /** VGG-16 (configuration D): 13 3x3 convolutions, 5 max pools, 3 fully connected layers. */
    public static Network vgg16() {
        CnnBuilder b = new CnnBuilder(3, 224, 224);
        vggConvs(b, VGG16_CONV.length, false);
        return b.fc("fc6", 4096, true).fc("fc7", 4096, true).fc("fc8", 1000, false)
                .build("vgg16", "VGG-16 (configuration D), 3x224x224");
    }

    /** The first {@code entries} entries of VGG-16's conv configuration (0 = 2x2 max pool). */
    private static void vggConvs(CnnBuilder b, int entries, boolean ssdCeilPool3) {
        int stage = 1;
        int index = 1;
        int pools = 0;
        for (int i = 0; i < entries; i++) {
            if (VGG16_CONV[i] == 0) {
                pools++;
                b.pool(2, 2, 0, ssdCeilPool3 && pools == 3);
                stage++;
                index = 1;
            } else {
                b.conv("conv" + stage + "_" + index++, VGG16_CONV[i], 3, 1, 1);
            }
        }
    }

    /**
     * SSD300 with its VGG-16 backbone (Liu et al. 2016), as torchvision's {@code ssd300_vgg16}:
     * VGG up to conv5_3 (pool3 in ceil mode so 75 -> 38), pool5 3x3/1, dilated fc6 and 1x1 fc7 as
     * convolutions, four extra feature blocks, and 3x3 box and class heads on six feature maps
     * with 4, 6, 6, 6, 4, 4 anchors per position.
     */
    public static Network ssd300(int classes) {
        CnnBuilder b = new CnnBuilder(3, 300, 300);
        vggConvs(b, 13, true); // through conv4_3
        CnnBuilder.Shape conv43 = b.channelScale("conv4_3.l2norm").shape();
        b.pool(2, 2, 0, false);
        vggConvs5(b);
        b.pool(3, 1, 1, false).dilatedConv("fc6", 1024, 3, 6, 6, true).conv("fc7", 1024, 1, 1, 0);
        CnnBuilder.Shape fc7 = b.shape();
        CnnBuilder.Shape e1 = b.conv("extra1.reduce", 256, 1, 1, 0).conv("extra1.conv", 512, 3, 2, 1).shape();
        CnnBuilder.Shape e2 = b.conv("extra2.reduce", 128, 1, 1, 0).conv("extra2.conv", 256, 3, 2, 1).shape();
        CnnBuilder.Shape e3 = b.conv("extra3.reduce", 128, 1, 1, 0).conv("extra3.conv", 256, 3, 1, 0).shape();
        CnnBuilder.Shape e4 = b.conv("extra4.reduce", 128, 1, 1, 0).conv("extra4.conv", 256, 3, 1, 0).shape();
        CnnBuilder.Shape[] maps = {conv43, fc7, e1, e2, e3, e4};
        int[] anchors = {4, 6, 6, 6, 4, 4};
        for (int i = 0; i < maps.length; i++) {
            b.resume(maps[i]).conv("head" + i + ".cls", anchors[i] * classes, 3, 1, 1, false);
            b.resume(maps[i]).conv("head" + i + ".box", anchors[i] * 4, 3, 1, 1, false);
        }
        return b.build("ssd300", "SSD300, VGG-16 backbone, " + classes + " classes (torchvision ssd300_vgg16), 3x300x300");
    }

    private static void vggConvs5(CnnBuilder b) {
        for (int i = 1; i <= 3; i++) b.conv("conv5_" + i, 512, 3, 1, 1);
    }

    // ---------------------------------------------------------------- AlexNet, GoogLeNet, SqueezeNet

    /** torchvision AlexNet (the single-GPU "one weird trick" widths 64-192-384-256-256, no groups). */
    public static Network alexNet() {
        CnnBuilder b = new CnnBuilder(3, 224, 224)
                .conv("conv1", 64, 11, 4, 2).pool(3, 2, 0, false)
                .conv("conv2", 192, 5, 1, 2).pool(3, 2, 0, false)
                .conv("conv3", 384, 3, 1, 1).conv("conv4", 256, 3, 1, 1).conv("conv5", 256, 3, 1, 1)
                .pool(3, 2, 0, false);
        return b.fc("fc6", 4096, true).fc("fc7", 4096, true).fc("fc8", 1000, false)
                .build("alexnet", "torchvision AlexNet, 3x224x224");
    }

    /**
     * GoogLeNet (Szegedy et al. 2015, Table 1): 5x5 branches as in the paper (torchvision uses
     * 3x3 there), no auxiliary classifiers (inference), no LRN (no MACs).
     */
    public static Network googLeNet() {
        return googLeNet(5);
    }

    /**
     * GoogLeNet with the "5x5" branch of every inception built with {@code fiveByFiveKernel}: 5 as
     * in the paper, 3 as in torchvision and in MoCA's artifact.
     */
    public static Network googLeNet(int fiveByFiveKernel) {
        CnnBuilder b = new CnnBuilder(3, 224, 224)
                .conv("conv1", 64, 7, 2, 3).pool(3, 2, 0, true)
                .conv("conv2.reduce", 64, 1, 1, 0).conv("conv2", 192, 3, 1, 1).pool(3, 2, 0, true);
        // #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj
        int f = fiveByFiveKernel;
        inception(b, "3a", 64, 96, 128, 16, 32, 32, f);
        inception(b, "3b", 128, 128, 192, 32, 96, 64, f);
        b.pool(3, 2, 0, true);
        inception(b, "4a", 192, 96, 208, 16, 48, 64, f);
        inception(b, "4b", 160, 112, 224, 24, 64, 64, f);
        inception(b, "4c", 128, 128, 256, 24, 64, 64, f);
        inception(b, "4d", 112, 144, 288, 32, 64, 64, f);
        inception(b, "4e", 256, 160, 320, 32, 128, 128, f);
        b.pool(3, 2, 0, true);
        inception(b, "5a", 256, 160, 320, 32, 128, 128, f);
        inception(b, "5b", 384, 192, 384, 48, 128, 128, f);
        return b.globalPool().fc("fc", 1000, false)
                .build("googlenet", f == 5 ? "GoogLeNet (Inception v1, paper Table 1), 3x224x224"
                        : "GoogLeNet (Inception v1) with " + f + "x" + f + " in place of 5x5 (torchvision, MoCA), 3x224x224");
    }

    private static void inception(CnnBuilder b, String name, int c1, int c3r, int c3, int c5r, int c5, int pool, int fiveKernel) {
        CnnBuilder.Shape in = b.shape();
        b.conv(name + ".1x1", c1, 1, 1, 0);
        b.resume(in).conv(name + ".3x3reduce", c3r, 1, 1, 0).conv(name + ".3x3", c3, 3, 1, 1);
        b.resume(in).conv(name + ".5x5reduce", c5r, 1, 1, 0).conv(name + ".5x5", c5, fiveKernel, 1, fiveKernel / 2);
        b.resume(in).pool(3, 1, 1, false).conv(name + ".poolproj", pool, 1, 1, 0);
        b.concat(c1 + c3 + c5 + pool, true);
    }

    /** SqueezeNet 1.0 (Iandola et al. 2016), torchvision layout: Fire modules, ceil-mode pools. */
    public static Network squeezeNet10() {
        CnnBuilder b = new CnnBuilder(3, 224, 224).conv("conv1", 96, 7, 2, 0).pool(3, 2, 0, true);
        fire(b, "fire2", 16, 64);
        fire(b, "fire3", 16, 64);
        fire(b, "fire4", 32, 128);
        b.pool(3, 2, 0, true);
        fire(b, "fire5", 32, 128);
        fire(b, "fire6", 48, 192);
        fire(b, "fire7", 48, 192);
        fire(b, "fire8", 64, 256);
        b.pool(3, 2, 0, true);
        fire(b, "fire9", 64, 256);
        return b.conv("conv10", 1000, 1, 1, 0).globalPool()
                .build("squeezenet", "SqueezeNet 1.0 (torchvision), 3x224x224");
    }

    /**
     * SqueezeNet 1.1 (the SqueezeNet repository's v1.1, torchvision {@code squeezenet1_1}): a 3x3
     * stride-2 stem of 64 channels, max pools after the stem, fire3 and fire5; what MoCA runs.
     */
    public static Network squeezeNet11() {
        CnnBuilder b = new CnnBuilder(3, 224, 224).conv("conv1", 64, 3, 2, 0).pool(3, 2, 0, true);
        fire(b, "fire2", 16, 64);
        fire(b, "fire3", 16, 64);
        b.pool(3, 2, 0, true);
        fire(b, "fire4", 32, 128);
        fire(b, "fire5", 32, 128);
        b.pool(3, 2, 0, true);
        fire(b, "fire6", 48, 192);
        fire(b, "fire7", 48, 192);
        fire(b, "fire8", 64, 256);
        fire(b, "fire9", 64, 256);
        return b.conv("conv10", 1000, 1, 1, 0).globalPool()
                .build("squeezenet", "SqueezeNet 1.1 (torchvision), 3x224x224");
    }

    private static void fire(CnnBuilder b, String name, int squeeze, int expand) {
        CnnBuilder.Shape squeezed = b.conv(name + ".squeeze", squeeze, 1, 1, 0).shape();
        b.conv(name + ".expand1x1", expand, 1, 1, 0);
        b.resume(squeezed).conv(name + ".expand3x3", expand, 3, 1, 1);
        b.concat(2 * expand, true);
    }

    // ---------------------------------------------------------------- detector and keyword spotter

    /**
     * YOLOv2-tiny for VOC (Darknet {@code yolov2-tiny-voc.cfg}) at 416x416: nine 3x3 convolutions
     * with 2x2 max pools, leaky ReLU (so no exact zeros), a 1x1 detection conv to 5 x (20 + 5) = 125.
     */
    public static Network yoloV2TinyVoc() {
        CnnBuilder b = new CnnBuilder(3, 416, 416);
        int[] widths = {16, 32, 64, 128, 256, 512};
        for (int i = 0; i < widths.length; i++) {
            b.conv("conv" + (i + 1), widths[i], 3, 1, 1, false).poolSame(i < 5 ? 2 : 1);
        }
        return b.conv("conv7", 1024, 3, 1, 1, false).conv("conv8", 1024, 3, 1, 1, false)
                .conv("conv9", 125, 1, 1, 0, false)
                .build("yolov2tiny", "YOLOv2-tiny VOC (Darknet), 3x416x416, leaky ReLU, batch norm folded");
    }

    /**
     * Keyword-spotting DS-CNN, small size, of "Hello Edge" (Zhang et al. 2017): 49x10 MFCC input,
     * a 10x4 stride-2 conv to 64 channels, four depthwise-separable blocks of 64, average pool,
     * 12-class fully connected layer.
     */
    public static Network keywordSpottingDsCnnSmall() {
        CnnBuilder b = new CnnBuilder(1, 49, 10).convSame("conv1", 64, 10, 4, 2, 2, true);
        for (int i = 1; i <= 4; i++) {
            b.depthwiseSame("ds" + i + ".dw", 3, 1, true).conv("ds" + i + ".pw", 64, 1, 1, 0);
        }
        return b.globalPool().fc("fc", 12, false)
                .build("kwsdscnn", "Hello Edge DS-CNN (S), 1x49x10 MFCC, 12 classes, batch norm folded");
    }

    /**
     * The toy ReLU CNN this project trains itself (models module, {@code MeasuredSparsity}) on the
     * 8x8 UCI handwritten digits, to measure real activation sparsity: three 3x3 convolutions of
     * 16, 32 and 64 channels (2x2 max pools after the second and third), a 64-unit hidden layer,
     * 10 classes. Its shapes must match the DL4J network layer for layer.
     */
    public static Network digitsCnn() {
        return new CnnBuilder(1, 8, 8).conv("conv1", 16, 3, 1, 1).conv("conv2", 32, 3, 1, 1).pool(2, 2, 0, false)
                .conv("conv3", 64, 3, 1, 1).pool(2, 2, 0, false).fc("fc1", 64, true).fc("fc2", 10, false)
                .build("digitscnn", "toy ReLU CNN on 1x8x8 handwritten digits (trained in this repository), 10 classes");
    }

    // ---------------------------------------------------------------- MoCA's own detector and keyword-spotting networks

    /**
     * The YOLOv2 backbone as MoCA's evaluation builds it (its {@code yolonet} parameters): 3x224x224
     * input, 19 convolutions (3x3, with 1x1 bottlenecks from the third on), 2x2 max pools after
     * convolutions 1, 2, 5, 8 and 13. Not Darknet's 416x416 detector: MoCA runs this 224x224 variant.
     */
    public static Network yoloV2Moca() {
        int[] channels = {32, 64, 128, 64, 128, 256, 128, 256, 512, 256, 512, 256, 512, 1024, 512, 1024, 512, 1024, 1024};
        int[] kernels = {3, 3, 3, 1, 3, 3, 1, 3, 3, 1, 3, 1, 3, 3, 1, 3, 1, 3, 1};
        Set<Integer> poolAfter = Set.of(1, 2, 5, 8, 13);
        CnnBuilder b = new CnnBuilder(3, 224, 224);
        for (int i = 0; i < channels.length; i++) {
            b.conv("conv" + (i + 1), channels[i], kernels[i], 1, kernels[i] / 2, false);
            if (poolAfter.contains(i + 1)) b.pool(2, 2, 0, false);
        }
        return b.build("yolov2", "YOLOv2 backbone as built by MoCA's artifact, 3x224x224, 19 convolutions, leaky ReLU");
    }

    /**
     * YOLO-Lite (Pedoeem and Huang 2018) as MoCA's evaluation builds it: 3x224x224, seven
     * convolutions of 16, 32, 64, 128, 128, 256 (3x3) and 128 (1x1) channels, 2x2 max pools after
     * the first five.
     */
    public static Network yoloLite() {
        int[] channels = {16, 32, 64, 128, 128, 256, 128};
        CnnBuilder b = new CnnBuilder(3, 224, 224);
        for (int i = 0; i < channels.length; i++) {
            int kernel = i == 6 ? 1 : 3;
            b.conv("conv" + (i + 1), channels[i], kernel, 1, kernel / 2, false);
            if (i < 5) b.pool(2, 2, 0, false);
        }
        return b.build("yololite", "YOLO-Lite as built by MoCA's artifact, 3x224x224, 7 convolutions");
    }

    /**
     * MoCA's keyword-spotting network: a 45-channel residual CNN on a 3x96x96 input. A 3x3
     * convolution to 45 channels and a 2x2 max pool to 48x48, then 24 3x3 convolutions of 45
     * channels at 48x48, with a residual add after convolutions 3, 5, ..., 23 (11 adds). Much larger
     * than the DS-CNN of "Hello Edge" ({@link #keywordSpottingDsCnnSmall()}).
     */
    public static Network kwsResidual45() {
        CnnBuilder b = new CnnBuilder(3, 96, 96).conv("conv1", 45, 3, 1, 1).pool(2, 2, 0, false);
        for (int i = 2; i <= 25; i++) {
            b.conv("conv" + i, 45, 3, 1, 1);
            if (i % 2 == 1 && i <= 23) b.residualAdd(true);
        }
        return b.build("kwsnet", "MoCA's keyword-spotting residual CNN, 45 channels, 3x96x96, 25 convolutions");
    }

    // ---------------------------------------------------------------- transformers

    /** BERT-base (Devlin et al. 2019): 12 layers, hidden 768, 12 heads, FFN 3072, vocabulary 30522. */
    public static Network bertBase(int sequence) {
        TransformerBuilder b = new TransformerBuilder(768, 12, 3072)
                .embedding("embed.tokens", 30522, sequence).embedding("embed.positions", 512, sequence)
                .embedding("embed.segments", 2, sequence).layerNorm("embed.norm", sequence);
        for (int i = 0; i < 12; i++) {
            String l = "layer" + i;
            b.attention(l + ".attn", sequence, sequence, true).layerNorm(l + ".attn.norm", sequence)
                    .feedForward(l + ".ffn", sequence).layerNorm(l + ".ffn.norm", sequence);
        }
        return b.linear("pooler", 1, 768, 768, true, false)
                .build("bert", "BERT-base uncased, sequence " + sequence);
    }

    /**
     * BART-base (Lewis et al. 2020): 6 encoder + 6 decoder layers, hidden 768, 12 heads, FFN 3072,
     * vocabulary 50265 shared by encoder, decoder and (tied) LM head; learned positions (1024 + 2).
     * The decoder runs over {@code sequence} tokens as in one teacher-forced pass.
     */
    public static Network bartBase(int sequence) {
        int vocabulary = 50265;
        int positions = 1026;
        TransformerBuilder b = new TransformerBuilder(768, 12, 3072)
                .embedding("embed.tokens", vocabulary, sequence)
                .embedding("encoder.positions", positions, sequence).layerNorm("encoder.embed.norm", sequence);
        for (int i = 0; i < 6; i++) {
            String l = "encoder" + i;
            b.attention(l + ".self", sequence, sequence, true).layerNorm(l + ".self.norm", sequence)
                    .feedForward(l + ".ffn", sequence).layerNorm(l + ".ffn.norm", sequence);
        }
        b.embedding("decoder.positions", positions, sequence).layerNorm("decoder.embed.norm", sequence);
        for (int i = 0; i < 6; i++) {
            String l = "decoder" + i;
            b.attention(l + ".self", sequence, sequence, true).layerNorm(l + ".self.norm", sequence)
                    .attention(l + ".cross", sequence, sequence, false).layerNorm(l + ".cross.norm", sequence)
                    .feedForward(l + ".ffn", sequence).layerNorm(l + ".ffn.norm", sequence);
        }
        return b.linear("lm_head", sequence, 768, vocabulary, false, true)
                .build("bart", "BART-base, encoder and decoder sequence " + sequence);
    }

    /** GPT-2 small (Radford et al. 2019): 12 layers, hidden 768, 12 heads, vocabulary 50257, 1024 positions, tied LM head. */
    public static Network gpt2Small(int sequence) {
        int vocabulary = 50257;
        TransformerBuilder b = new TransformerBuilder(768, 12, 3072)
                .embedding("embed.tokens", vocabulary, sequence).embedding("embed.positions", 1024, sequence);
        for (int i = 0; i < 12; i++) {
            String l = "layer" + i;
            b.layerNorm(l + ".attn.norm", sequence).attention(l + ".attn", sequence, sequence, true)
                    .layerNorm(l + ".ffn.norm", sequence).feedForward(l + ".ffn", sequence);
        }
        return b.layerNorm("final.norm", sequence).linear("lm_head", sequence, 768, vocabulary, false, true)
                .build("gpt2", "GPT-2 small, sequence " + sequence);
    }
}

package dev.cotenant.simulator.workload.zoo;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a CNN's layer list by walking its feature-map shape: each call derives the output shape
 * from the current one, so the zoo states an architecture the way its paper does (channels, kernel,
 * stride, padding) and every MAC and byte count follows from that. Pooling and element-wise adds
 * change the shape but are not emitted as layers (no MACs). Branching networks save
 * {@link #shape()} and {@link #resume(Shape)} from it.
 */
final class CnnBuilder {
    /** A feature map: channels x height x width, plus whether it came out of a ReLU (exact zeros). */
    record Shape(int channels, int height, int width, boolean relu) {
        long elements() { return (long) channels * height * width; }
        @Override public String toString() { return channels + "x" + height + "x" + width; }
    }

    private final List<Layer> layers = new ArrayList<>();
    private Shape shape;

    CnnBuilder(int channels, int height, int width) {
        shape = new Shape(channels, height, width, false);
    }

    Shape shape() { return shape; }

    CnnBuilder resume(Shape at) {
        shape = at;
        return this;
    }

    /** Concatenation of branches along channels (Inception, Fire). */
    CnnBuilder concat(int channels, boolean relu) {
        shape = new Shape(channels, shape.height, shape.width, relu);
        return this;
    }

    /** Residual add; {@code relu} says whether a ReLU follows the add (ResNet) or not (MobileNetV2). */
    CnnBuilder residualAdd(boolean relu) {
        shape = new Shape(shape.channels, shape.height, shape.width, relu);
        return this;
    }

    /** Square convolution, explicit padding, followed by a ReLU. */
    CnnBuilder conv(String name, int outChannels, int kernel, int stride, int padding) {
        return conv(name, outChannels, kernel, stride, padding, true);
    }

    CnnBuilder conv(String name, int outChannels, int kernel, int stride, int padding, boolean relu) {
        return conv(name, outChannels, kernel, kernel, stride, stride, padding, padding, 1, 1, relu);
    }

    /** 3x3 convolution with dilation (SSD's conv6). */
    CnnBuilder dilatedConv(String name, int outChannels, int kernel, int padding, int dilation, boolean relu) {
        return conv(name, outChannels, kernel, kernel, 1, 1, padding, padding, dilation, 1, relu);
    }

    /** Depthwise convolution: one {@code kernel x kernel} filter per channel, channels unchanged. */
    CnnBuilder depthwise(String name, int kernel, int stride, int padding, boolean relu) {
        return conv(name, shape.channels, kernel, kernel, stride, stride, padding, padding, 1, shape.channels, relu);
    }

    /** TensorFlow/Darknet "SAME" padding: output = ceil(input / stride). */
    CnnBuilder convSame(String name, int outChannels, int kernelH, int kernelW, int strideH, int strideW, boolean relu) {
        int outH = ceilDiv(shape.height, strideH);
        int outW = ceilDiv(shape.width, strideW);
        return emitConv(name, outChannels, kernelH, kernelW, strideH, strideW, "same", outH, outW, 1, relu);
    }

    CnnBuilder depthwiseSame(String name, int kernel, int stride, boolean relu) {
        int outH = ceilDiv(shape.height, stride);
        int outW = ceilDiv(shape.width, stride);
        return emitConv(name, shape.channels, kernel, kernel, stride, stride, "same", outH, outW, shape.channels, relu);
    }

    CnnBuilder conv(String name, int outChannels, int kernelH, int kernelW, int strideH, int strideW,
                    int padH, int padW, int dilation, int groups, boolean relu) {
        int outH = (shape.height + 2 * padH - dilation * (kernelH - 1) - 1) / strideH + 1;
        int outW = (shape.width + 2 * padW - dilation * (kernelW - 1) - 1) / strideW + 1;
        String pad = "p" + padH + (padH == padW ? "" : "x" + padW) + (dilation > 1 ? " d" + dilation : "");
        return emitConv(name, outChannels, kernelH, kernelW, strideH, strideW, pad, outH, outW, groups, relu);
    }

    private CnnBuilder emitConv(String name, int outChannels, int kernelH, int kernelW, int strideH, int strideW,
                                String padding, int outH, int outW, int groups, boolean relu) {
        if (outH < 1 || outW < 1 || shape.channels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalStateException(name + ": impossible convolution on " + shape);
        }
        Shape out = new Shape(outChannels, outH, outW, relu);
        long inPerGroup = shape.channels / groups;
        long outPerGroup = outChannels / groups;
        LayerKind kind = groups > 1 && groups == shape.channels && groups == outChannels
                ? LayerKind.DEPTHWISE_CONV : LayerKind.CONV;
        String geometry = shape + " -> " + out + ", k" + kernelH + "x" + kernelW + " s"
                + strideH + (strideH == strideW ? "" : "x" + strideW) + " " + padding + (groups > 1 ? " g" + groups : "");
        long kernelArea = (long) kernelH * kernelW;
        layers.add(new Layer(name, kind, geometry, groups, (long) outH * outW, inPerGroup * kernelArea, outPerGroup,
                outChannels * inPerGroup * kernelArea, outChannels, shape.elements(), out.elements(), false, shape.relu));
        shape = out;
        return this;
    }

    /** Max or average pooling (no MACs): floor or ceil output rounding as the framework does. */
    CnnBuilder pool(int kernel, int stride, int padding, boolean ceilMode) {
        int outH = pooled(shape.height, kernel, stride, padding, ceilMode);
        int outW = pooled(shape.width, kernel, stride, padding, ceilMode);
        shape = new Shape(shape.channels, outH, outW, shape.relu);
        return this;
    }

    /** Darknet max pooling: output = ceil(input / stride) whatever the kernel. */
    CnnBuilder poolSame(int stride) {
        shape = new Shape(shape.channels, ceilDiv(shape.height, stride), ceilDiv(shape.width, stride), shape.relu);
        return this;
    }

    CnnBuilder globalPool() {
        shape = new Shape(shape.channels, 1, 1, shape.relu);
        return this;
    }

    /** Learned per-channel scale (SSD's L2Norm on conv4_3): parameters, no MACs. */
    CnnBuilder channelScale(String name) {
        layers.add(new Layer(name, LayerKind.NORM, shape + " scale", 0, 0, 0, 0, shape.channels, 0,
                shape.elements(), shape.elements(), false, shape.relu));
        shape = new Shape(shape.channels, shape.height, shape.width, false);
        return this;
    }

    /** Fully connected layer over the flattened current feature map. */
    CnnBuilder fc(String name, int outFeatures, boolean relu) {
        long in = shape.elements();
        Shape out = new Shape(outFeatures, 1, 1, relu);
        layers.add(new Layer(name, LayerKind.FULLY_CONNECTED, shape + " -> " + outFeatures, 1, 1, in, outFeatures,
                in * outFeatures, outFeatures, in, outFeatures, false, shape.relu));
        shape = out;
        return this;
    }

    Network build(String name, String description) {
        return new Network(name, description, layers);
    }

    private static int pooled(int size, int kernel, int stride, int padding, boolean ceilMode) {
        int span = size + 2 * padding - kernel;
        int out = (ceilMode ? ceilDiv(span, stride) : span / stride) + 1;
        // PyTorch: with ceil mode the last window must start inside the (left-padded) input.
        if (ceilMode && (out - 1) * stride >= size + padding) out--;
        return out;
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }
}

package dev.cotenant.models.measured;

import dev.cotenant.simulator.workload.zoo.Layer;
import dev.cotenant.simulator.workload.zoo.LayerKind;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a DL4J computation graph and, from the same calls, the cost model's view of it: every
 * compute layer (convolution, depthwise convolution, fully connected) as a zoo {@link Layer} on its
 * real shape, with the name of the graph vertex whose activation is its input. One description,
 * two readings, so the shapes the cost model prices are the shapes that were trained (the meter
 * checks element counts against DL4J's activations).
 *
 * <p>No batch normalisation: a convolution's ReLU output is what the next layer reads, so the
 * zeros counted are the zeros a sparse accelerator would skip (inference folds batch norm into the
 * convolution anyway).
 */
final class GraphSpec {
    /** Output of a vertex: channels x height x width, and whether it holds exact zeros from a ReLU. */
    record Shape(int channels, int height, int width, boolean relu) {
        long elements() { return (long) channels * height * width; }
        @Override public String toString() { return channels + "x" + height + "x" + width; }
    }

    /** A compute layer: the cost model's layer and the vertex whose output it reads ({@code "in"}: the image). */
    record ComputeLayer(Layer layer, String inputVertex, boolean prunableFilters) {}

    static final String INPUT = "in";

    private final ComputationGraphConfiguration.GraphBuilder graph;
    private final Map<String, Shape> shapes = new HashMap<>();
    private final List<ComputeLayer> compute = new ArrayList<>();

    GraphSpec(long seed, double learningRate, int channels, int height, int width) {
        graph = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.RELU).updater(new Adam(learningRate))
                .graphBuilder().addInputs(INPUT).setInputTypes(InputType.convolutional(height, width, channels));
        shapes.put(INPUT, new Shape(channels, height, width, false));
    }

    /** Square convolution with explicit padding; {@code relu} false leaves it linear (before a residual add). */
    String conv(String name, String input, int outChannels, int kernel, int stride, int padding, boolean relu) {
        Shape in = shapes.get(input);
        graph.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(padding, padding)
                .nOut(outChannels).activation(relu ? Activation.RELU : Activation.IDENTITY).build(), input);
        return emitConv(name, input, in, outChannels, kernel, stride, padding, 1, relu);
    }

    /** Depthwise convolution (one filter per channel), followed by a ReLU. */
    String depthwise(String name, String input, int kernel, int stride, int padding) {
        Shape in = shapes.get(input);
        graph.addLayer(name, new DepthwiseConvolution2D.Builder(kernel, kernel).stride(stride, stride).padding(padding, padding)
                .depthMultiplier(1).nOut(in.channels).activation(Activation.RELU).build(), input);
        return emitConv(name, input, in, in.channels, kernel, stride, padding, in.channels, true);
    }

    private String emitConv(String name, String input, Shape in, int outChannels, int kernel, int stride, int padding,
                            int groups, boolean relu) {
        int outH = (in.height + 2 * padding - kernel) / stride + 1;
        int outW = (in.width + 2 * padding - kernel) / stride + 1;
        Shape out = new Shape(outChannels, outH, outW, relu);
        long inPerGroup = in.channels / groups;
        long outPerGroup = outChannels / groups;
        long area = (long) kernel * kernel;
        LayerKind kind = groups > 1 ? LayerKind.DEPTHWISE_CONV : LayerKind.CONV;
        String geometry = in + " -> " + out + ", k" + kernel + "x" + kernel + " s" + stride + " p" + padding + (groups > 1 ? " g" + groups : "");
        compute.add(new ComputeLayer(new Layer(name, kind, geometry, groups, (long) outH * outW, inPerGroup * area, outPerGroup,
                outChannels * inPerGroup * area, outChannels, in.elements(), out.elements(), false, in.relu), input, relu));
        shapes.put(name, out);
        return name;
    }

    String maxPool(String name, String input, int kernel, int stride) {
        Shape in = shapes.get(input);
        graph.addLayer(name, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(kernel, kernel)
                .stride(stride, stride).build(), input);
        shapes.put(name, new Shape(in.channels, (in.height - kernel) / stride + 1, (in.width - kernel) / stride + 1, in.relu));
        return name;
    }

    String globalAveragePool(String name, String input) {
        Shape in = shapes.get(input);
        graph.addLayer(name, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), input);
        shapes.put(name, new Shape(in.channels, 1, 1, in.relu));
        return name;
    }

    /** Residual add followed by a ReLU (two vertices: {@code name + "_add"} and {@code name}). */
    String addRelu(String name, String a, String b) {
        Shape s = shapes.get(a);
        graph.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), a, b);
        graph.addLayer(name, new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_add");
        shapes.put(name, new Shape(s.channels, s.height, s.width, true));
        return name;
    }

    String dense(String name, String input, int outFeatures) {
        graph.addLayer(name, new DenseLayer.Builder().nOut(outFeatures).activation(Activation.RELU).build(), input);
        return emitDense(name, input, outFeatures, true);
    }

    /** The softmax classifier; the graph's output. */
    String output(String name, String input, int classes) {
        graph.addLayer(name, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).build(), input);
        graph.setOutputs(name);
        return emitDense(name, input, classes, false);
    }

    private String emitDense(String name, String input, int outFeatures, boolean relu) {
        Shape in = shapes.get(input);
        long n = in.elements();
        compute.add(new ComputeLayer(new Layer(name, LayerKind.FULLY_CONNECTED, in + " -> " + outFeatures, 1, 1, n, outFeatures,
                n * outFeatures, outFeatures, n, outFeatures, false, in.relu), input, relu));
        shapes.put(name, new Shape(outFeatures, 1, 1, relu));
        return name;
    }

    ComputationGraphConfiguration configuration() { return graph.build(); }

    List<ComputeLayer> computeLayers() { return List.copyOf(compute); }
}

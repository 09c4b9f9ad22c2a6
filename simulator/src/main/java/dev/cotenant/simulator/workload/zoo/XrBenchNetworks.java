package dev.cotenant.simulator.workload.zoo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XRBench's networks (Kwon et al., MLSys 2023) from the layer shapes its public artifact gives
 * for its MAESTRO cost model: every layer a convolution of {@code K} filters over a {@code C x Y x X}
 * input with an {@code R x S} kernel (a linear layer is {@code Y} tokens, {@code X = R = S = 1}).
 * The shapes are in the resource {@code xrbench-layers.csv} (one row per layer, in order).
 *
 * <p>Read as stride-1 "same" convolutions: {@code Y x X} output pixels, so MACs are
 * {@code K x C x R x S x Y x X}. The artifact lists no activation functions; every layer but the
 * first reads a ReLU-like output (its activations can be sparse) except in the speech recogniser,
 * a transformer (Emformer), whose linear layers read dense activations. Both are our modelling
 * choices (docs/realtime.md).
 */
final class XrBenchNetworks {
    /** Zoo name -> what the network is, with its XRBench task. */
    static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put("ritnet", "XRBench eye segmentation: RITnet, 1x640x400 eye image");
        DESCRIPTIONS.put("fbnetc", "XRBench gaze estimation: FBNet-C on the segmented eye");
        DESCRIPTIONS.put("handgraphcnn", "XRBench hand tracking: hand graph CNN (half size)");
        DESCRIPTIONS.put("res8narrow", "XRBench keyword detection: res8-narrow on MFCC features");
        DESCRIPTIONS.put("emformer", "XRBench speech recognition: Emformer, 24 layers, 128 frames");
        DESCRIPTIONS.put("hrvitb1", "XRBench semantic segmentation: HRViT-b1");
        DESCRIPTIONS.put("midassmall", "XRBench depth estimation: MiDaS v2.1 small");
        DESCRIPTIONS.put("planercnn", "XRBench plane detection: PlaneRCNN (quarter size)");
        DESCRIPTIONS.put("d2gofrcnn", "XRBench object detection: D2Go Faster R-CNN");
    }

    private static final Map<String, List<int[]>> SHAPES = load();

    private XrBenchNetworks() {}

    static Network byName(String name) {
        List<int[]> shapes = SHAPES.get(name);
        if (shapes == null) throw new IllegalArgumentException("no XRBench network " + name);
        boolean transformer = name.equals("emformer");
        List<Layer> layers = new ArrayList<>(shapes.size());
        for (int i = 0; i < shapes.size(); i++) {
            int[] s = shapes.get(i); // k, c, y, x, r, s
            long k = s[0], c = s[1], y = s[2], x = s[3], r = s[4], q = s[5];
            boolean linear = x == 1 && r == 1 && q == 1;
            String geometry = c + "x" + y + "x" + x + " -> " + k + "x" + y + "x" + x + ", k" + r + "x" + q;
            layers.add(new Layer("l" + (i + 1), linear ? LayerKind.FULLY_CONNECTED : LayerKind.CONV, geometry,
                    1, y * x, c * r * q, k, k * c * r * q, k, c * y * x, k * y * x, false, i > 0 && !transformer));
        }
        return new Network(name, DESCRIPTIONS.get(name) + " (layer shapes of XRBench's artifact)", layers);
    }

    private static Map<String, List<int[]>> load() {
        Map<String, List<int[]>> out = new LinkedHashMap<>();
        try (InputStream in = XrBenchNetworks.class.getResourceAsStream("xrbench-layers.csv")) {
            if (in == null) throw new IllegalStateException("resource xrbench-layers.csv is missing");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = reader.readLine(); // header
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) continue;
                String[] f = line.split(",");
                int[] shape = new int[6];
                for (int j = 0; j < 6; j++) shape[j] = Integer.parseInt(f[j + 1].trim());
                out.computeIfAbsent(f[0].trim(), n -> new ArrayList<>()).add(shape);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}

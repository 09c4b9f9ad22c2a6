package dev.cotenant.simulator.workload.zoo;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a transformer's layer list from its hyper-parameters (hidden width, heads, feed-forward
 * width, sequence length). Linear layers carry biases; LayerNorms carry gamma and beta; the
 * attention products are weightless per-head GEMMs. GELU and softmax are not layers (no MACs).
 */
final class TransformerBuilder {
    private final List<Layer> layers = new ArrayList<>();
    private final int hidden;
    private final int heads;
    private final int feedForward;

    TransformerBuilder(int hidden, int heads, int feedForward) {
        if (hidden % heads != 0) throw new IllegalArgumentException("hidden " + hidden + " not divisible by " + heads + " heads");
        this.hidden = hidden;
        this.heads = heads;
        this.feedForward = feedForward;
    }

    /** Lookup table of {@code rows} vectors, gathered for {@code tokens} tokens. */
    TransformerBuilder embedding(String name, int rows, int tokens) {
        layers.add(new Layer(name, LayerKind.EMBEDDING, rows + "x" + hidden + " table, " + tokens + " lookups",
                0, 0, 0, 0, (long) rows * hidden, 0, tokens, (long) tokens * hidden, false, false));
        return this;
    }

    TransformerBuilder layerNorm(String name, int tokens) {
        long elements = (long) tokens * hidden;
        layers.add(new Layer(name, LayerKind.NORM, tokens + "x" + hidden, 0, 0, 0, 0, hidden, hidden,
                elements, elements, false, false));
        return this;
    }

    /** Linear layer on {@code tokens} rows; {@code shared}: its weight matrix is another layer's (tied). */
    TransformerBuilder linear(String name, int tokens, int in, int out, boolean bias, boolean shared) {
        layers.add(new Layer(name, LayerKind.FULLY_CONNECTED, tokens + "x" + in + " -> " + tokens + "x" + out,
                1, tokens, in, out, (long) in * out, bias ? out : 0, (long) tokens * in, (long) tokens * out, shared, false));
        return this;
    }

    /**
     * Multi-head attention block: Q from {@code queryTokens} rows, K and V from {@code keyTokens}
     * rows (equal for self-attention; the encoder's length for cross-attention), then the
     * per-head products and the output projection.
     */
    TransformerBuilder attention(String prefix, int queryTokens, int keyTokens, boolean selfAttention) {
        int headWidth = hidden / heads;
        if (selfAttention) {
            linear(prefix + ".qkv", queryTokens, hidden, 3 * hidden, true, false);
        } else {
            linear(prefix + ".q", queryTokens, hidden, hidden, true, false);
            linear(prefix + ".kv", keyTokens, hidden, 2 * hidden, true, false);
        }
        long q = (long) queryTokens * hidden;
        long kv = (long) keyTokens * hidden;
        long scores = (long) heads * queryTokens * keyTokens;
        layers.add(new Layer(prefix + ".scores", LayerKind.ATTENTION_SCORES,
                heads + " heads x " + queryTokens + "x" + headWidth + " * " + headWidth + "x" + keyTokens,
                heads, queryTokens, headWidth, keyTokens, 0, 0, q + kv, scores, false, false));
        layers.add(new Layer(prefix + ".context", LayerKind.ATTENTION_CONTEXT,
                heads + " heads x " + queryTokens + "x" + keyTokens + " * " + keyTokens + "x" + headWidth,
                heads, queryTokens, keyTokens, headWidth, 0, 0, scores + kv, q, false, false));
        return linear(prefix + ".out", queryTokens, hidden, hidden, true, false);
    }

    TransformerBuilder feedForward(String prefix, int tokens) {
        linear(prefix + ".fc1", tokens, hidden, feedForward, true, false);
        return linear(prefix + ".fc2", tokens, feedForward, hidden, true, false);
    }

    Network build(String name, String description) {
        return new Network(name, description, layers);
    }
}

package dev.cotenant.simulator.workload.zoo;

/**
 * One layer of a network, at inference, batch 1. Every layer is also read as a (grouped) GEMM
 * {@code groups x [gemmM x gemmK] * [gemmK x gemmN]}, which is what the accelerator cost models
 * need: a convolution is its im2col GEMM ({@code M} output pixels, {@code K} = input channels per
 * group x kernel area, {@code N} = output channels per group), a linear layer is
 * {@code tokens x in x out}, an attention product is one GEMM per head.
 *
 * <p>Datatype: the accelerators modelled here run int8 inference, so a weight and an activation
 * take {@value #BYTES_PER_WEIGHT} byte and a bias (accumulator precision) {@value #BYTES_PER_BIAS}
 * bytes. Batch norm is folded into the preceding convolution's bias, as inference compilers do.
 *
 * @param geometry        human-readable shape, e.g. {@code 3x224x224 -> 64x112x112, k7x7 s2 p3}
 * @param weightCount     weight elements (for attention products: 0, both operands are activations)
 * @param biasCount       bias elements (folded batch norm, linear bias, LayerNorm beta)
 * @param inputElements   elements of every activation operand read (both operands for attention)
 * @param outputElements  elements written
 * @param weightsShared   the weights belong to another layer (tied embeddings): not counted again in parameter totals
 * @param inputFromRelu   the input is a ReLU output, so it holds exact zeros a sparse accelerator can skip
 */
public record Layer(String name, LayerKind kind, String geometry,
                    long groups, long gemmM, long gemmK, long gemmN,
                    long weightCount, long biasCount, long inputElements, long outputElements,
                    boolean weightsShared, boolean inputFromRelu) {

    public static final int BYTES_PER_WEIGHT = 1;
    public static final int BYTES_PER_ACTIVATION = 1;
    public static final int BYTES_PER_BIAS = 4;

    public long macs() { return groups * gemmM * gemmK * gemmN; }

    /** Unique trainable parameters (weights + biases); 0 for tied weights. */
    public long parameterCount() { return weightsShared ? 0 : weightCount + biasCount; }

    /** Bytes of this layer's weights and biases as stored in int8/int32. */
    public long weightBytes() { return weightCount * BYTES_PER_WEIGHT + biasCount * BYTES_PER_BIAS; }

    /**
     * Weight bytes one inference actually reads: all of them, except an embedding, which gathers
     * only the rows it looks up (as many as its output elements).
     */
    public long weightBytesRead() {
        return kind == LayerKind.EMBEDDING ? outputElements * BYTES_PER_WEIGHT : weightBytes();
    }

    public long inputActivationBytes() { return inputElements * BYTES_PER_ACTIVATION; }
    public long outputActivationBytes() { return outputElements * BYTES_PER_ACTIVATION; }
}

package dev.cotenant.simulator.workload.zoo;

/** What a layer computes; decides how its GEMM view and its operands are read. */
public enum LayerKind {
    /** Dense or grouped convolution (weights x input feature map). */
    CONV,
    /** Depthwise convolution: one filter per channel, {@code groups == channels}. */
    DEPTHWISE_CONV,
    /** Fully connected / linear layer over {@code tokens} rows (1 row for a CNN classifier). */
    FULLY_CONNECTED,
    /** {@code Q K^T} per head: both operands are activations, no weights. */
    ATTENTION_SCORES,
    /** {@code softmax(scores) V} per head: both operands are activations, no weights. */
    ATTENTION_CONTEXT,
    /** Table lookup: parameters but no multiply-accumulates. */
    EMBEDDING,
    /** LayerNorm or a learned channel scale: parameters but negligible MACs, counted as zero. */
    NORM
}

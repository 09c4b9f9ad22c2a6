package dev.cotenant.simulator.workload.sparsity;

/** How a model variant's weights were pruned (the Sparse-DySta benchmark's model variants). */
public enum PruningPattern {
    DENSE,
    /** Individual weights zeroed wherever they are small. */
    UNSTRUCTURED,
    /** Weights zeroed in small contiguous blocks. */
    BLOCK,
    /** Whole output filters zeroed: their output channels are all zero. */
    FILTER
}

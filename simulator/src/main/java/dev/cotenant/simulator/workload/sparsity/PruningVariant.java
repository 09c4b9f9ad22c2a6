package dev.cotenant.simulator.workload.sparsity;

import dev.cotenant.simulator.BadInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A pruned variant of a network: a pattern and its weight sparsity. Its {@link #name()} is the
 * suffix of a model name ({@code resnet50_unstructured60}).
 *
 * <p>The first compute layer is kept dense whatever the variant, as pruning recipes usually leave
 * the input convolution alone (it is small and sensitive).
 */
public record PruningVariant(PruningPattern pattern, double weightSparsity) {
    /** The benchmark's two pruning levels. */
    public static final double[] SPARSE_DYSTA_LEVELS = {0.2, 0.6};

    public PruningVariant {
        if (!(weightSparsity >= 0 && weightSparsity < 1)) {
            throw BadInputException.at("weightSparsity", "must be in [0, 1), got " + weightSparsity);
        }
        if ((pattern == PruningPattern.DENSE) != (weightSparsity == 0)) {
            throw BadInputException.at("weightSparsity", "is " + weightSparsity + " for pattern " + pattern
                    + "; only DENSE has no pruned weights");
        }
    }

    public static final PruningVariant DENSE = new PruningVariant(PruningPattern.DENSE, 0);

    /** Dense plus unstructured, block and filter pruning at 20% and 60%: seven variants. */
    public static List<PruningVariant> sparseDystaVariants() {
        List<PruningVariant> variants = new ArrayList<>();
        variants.add(DENSE);
        for (PruningPattern p : List.of(PruningPattern.UNSTRUCTURED, PruningPattern.BLOCK, PruningPattern.FILTER)) {
            for (double level : SPARSE_DYSTA_LEVELS) variants.add(new PruningVariant(p, level));
        }
        return variants;
    }

    /** {@code dense}, or the pattern and percentage: {@code block20}. */
    public String name() {
        if (pattern == PruningPattern.DENSE) return "dense";
        return pattern.name().toLowerCase(Locale.ROOT) + Math.round(weightSparsity * 100);
    }

    /** Weight sparsity of compute layer {@code computeLayerIndex}: the first is kept dense. */
    public double weightSparsity(int computeLayerIndex) {
        return computeLayerIndex == 0 ? 0 : weightSparsity;
    }
}

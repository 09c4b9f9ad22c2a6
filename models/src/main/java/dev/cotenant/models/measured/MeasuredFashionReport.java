package dev.cotenant.models.measured;

import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.workload.WorkloadTables;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import dev.cotenant.simulator.workload.sparsity.ActivationSparsityModel;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import dev.cotenant.simulator.workload.zoo.Network;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Markdown tables of what was measured (docs/workloads.md quotes them), and the generator beside it. */
public final class MeasuredFashionReport {
    private MeasuredFashionReport() {}

    /** One row per network variant: size, accuracy, sparsity summary, variation and adjacent correlation. */
    public static String networks(List<MeasuredFashionNetworks.Card> cards, Map<String, SparsityStatistics> stats) {
        StringBuilder s = new StringBuilder();
        s.append("| network | family | params | MACs (dense) | variant | weight sparsity (mean over layers) | test accuracy (images measured) | "
                + "input sparsity, ReLU layers: mean (range of layer means) | per-image CV (mean over ReLU layers) | per-image SD | "
                + "adjacent-layer correlation: mean [min, max] | end-to-end latency CV |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (MeasuredFashionNetworks.Card c : cards) {
            SparsityStatistics st = stats.get(c.model());
            double w = 0;
            for (double x : c.weightSparsity()) w += x;
            w /= c.weightSparsity().length;
            double lo = 1, hi = 0, mean = 0;
            for (int l = 1; l < st.mean().length; l++) {
                lo = Math.min(lo, st.mean()[l]);
                hi = Math.max(hi, st.mean()[l]);
                mean += st.mean()[l];
            }
            mean /= st.mean().length - 1;
            s.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %s | %.2f | %.4f | %.3f (%.2f-%.2f) | %.3f | %.3f | %+.2f [%+.2f, %+.2f] | %.3f |%n",
                    c.architecture(), c.family(), c.parameters(), c.denseMacs(), c.variant(), w, c.testAccuracy(), mean, lo, hi,
                    st.meanReluCv(), st.meanReluStandardDeviation(), st.meanAdjacentReluCorrelation(), st.minAdjacentReluCorrelation(),
                    st.maxAdjacentReluCorrelation(), st.endToEndLatencyCv()));
        }
        return s.toString();
    }

    /** Per layer of one table: mean, p5, p95, SD, CV and the correlation with the next layer. */
    public static String layers(LatencyTable table, List<String> names, SparsityStatistics st) {
        StringBuilder s = new StringBuilder("| layer (its input) | mean | p5 | p95 | SD | CV | corr. with next |\n|---|---|---|---|---|---|---|\n");
        for (int l = 0; l < table.layerCount(); l++) {
            s.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %s |%n", names.get(l), st.mean()[l], st.p5()[l],
                    st.p95()[l], st.standardDeviation()[l], st.cv(l),
                    l + 1 < table.layerCount() ? String.format(Locale.ROOT, "%+.2f", st.adjacentCorrelation()[l]) : ""));
        }
        return s.toString();
    }

    /** The generator's table for a measured architecture's dense shape: what it would have assumed. */
    public static LatencyTable generated(FashionArchitecture a, ActivationSparsityModel model, int samples, long seed) {
        Network network = new Network(a.modelName(), a.family(), a.computeLayers());
        return WorkloadTables.eyerissTable(network, PruningVariant.DENSE, SparseCnnAccelerator.eyerissV2(), model, samples, seed);
    }

    /** Measured vs generated, per architecture (dense): mean sparsity, per-image SD, adjacent correlation, latency CV. */
    public static String generatorGap(Map<FashionArchitecture, SparsityStatistics> measured, ActivationSparsityModel model, String label) {
        StringBuilder s = new StringBuilder("| network | mean ReLU-input sparsity: measured / " + label + " | per-image SD: measured / " + label
                + " | adjacent correlation: measured / " + label + " | end-to-end latency CV: measured / " + label + " |\n|---|---|---|---|---|\n");
        for (var e : measured.entrySet()) {
            SparsityStatistics m = e.getValue();
            SparsityStatistics g = SparsityStatistics.of(generated(e.getKey(), model, 2000, 1));
            s.append(String.format(Locale.ROOT, "| %s | %.3f / %.3f | %.3f / %.3f | %+.2f / %+.2f | %.3f / %.3f |%n", e.getKey().modelName(),
                    SparsityStatistics.average(m.mean(), 1), SparsityStatistics.average(g.mean(), 1),
                    m.meanReluStandardDeviation(), g.meanReluStandardDeviation(),
                    m.meanAdjacentReluCorrelation(), g.meanAdjacentReluCorrelation(), m.endToEndLatencyCv(), g.endToEndLatencyCv()));
        }
        return s.toString();
    }
}

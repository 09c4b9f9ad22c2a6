package dev.cotenant.models.measured;

import dev.cotenant.models.data.FashionMnist;
import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import dev.cotenant.simulator.workload.sparsity.ActivationSparsityModel;
import dev.cotenant.simulator.workload.sparsity.PruningPattern;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code measured-fmnist-*} latency directories: the committed networks run over test images,
 * measured input sparsity per image and layer, Eyeriss-v2-like latency on the real layer shapes.
 * {@value #DENSE} holds the four dense networks, {@value #PRUNED} every variant (dense, unstructured
 * 50/70/90, filter 50) of the four; {@value #REPORT} the statistics.
 */
public final class MeasuredFashionDirectories {
    public static final String DENSE = "measured-fmnist-dense";
    public static final String PRUNED = "measured-fmnist-pruned";
    public static final String REPORT = "measured-fmnist.md";

    /** Told after each network variant is measured. */
    public interface Listener {
        void measured(String model, double seconds);
    }

    private MeasuredFashionDirectories() {}

    public static void write(FashionMnist.Split test, Path folder, Listener listener) throws IOException {
        List<MeasuredFashionNetworks.Card> cards = new ArrayList<>();
        Map<String, MeasuredFashionNetworks.Card> committed = new LinkedHashMap<>();
        for (MeasuredFashionNetworks.Card c : MeasuredFashionNetworks.committedCards()) committed.put(c.model(), c);
        List<LatencyTable> tables = new ArrayList<>();
        Files.createDirectories(folder.resolve(DENSE));
        Files.createDirectories(folder.resolve(PRUNED));
        for (FashionArchitecture a : FashionArchitecture.values()) {
            for (PruningVariant v : MeasuredFashionNetworks.VARIANTS) {
                long start = System.nanoTime();
                ComputationGraph net = MeasuredFashionNetworks.committed(a, v);
                SparsityMeter.Measurement m = MeasuredFashionNetworks.measure(net, a, test);
                double[] w = MeasuredFashionNetworks.weightSparsity(net, a);
                LatencyTable table = MeasuredFashionNetworks.table(a, v, m, w, SparseCnnAccelerator.eyerissV2());
                LatencyCsv.write(table, folder.resolve(PRUNED).resolve(table.modelName() + ".csv"));
                tables.add(table);
                MeasuredFashionNetworks.Card card = committed.get(table.modelName());
                // The accuracy stated is the one measured now, on the images asked for.
                cards.add(new MeasuredFashionNetworks.Card(card.model(), card.architecture(), card.family(), card.variant(), card.parameters(),
                        card.denseMacs(), card.trainingBatches(), card.fineTuneBatches(), card.seed(), m.accuracy(), m.images(),
                        card.quickCheckAccuracy(), w, card.layers()));
                if (v.pattern() == PruningPattern.DENSE) LatencyCsv.write(table, folder.resolve(DENSE).resolve(table.modelName() + ".csv"));
                listener.measured(table.modelName(), (System.nanoTime() - start) / 1e9);
            }
        }
        String report = report(tables, cards, test.size());
        Files.writeString(folder.resolve(REPORT), report);
        Files.writeString(folder.resolve(DENSE).resolve("PROVENANCE.txt"), provenance(test.size(), "the four dense networks"));
        Files.writeString(folder.resolve(PRUNED).resolve("PROVENANCE.txt"), provenance(test.size(),
                "the four networks, each dense, unstructured-pruned at 50/70/90% and filter-pruned at 50%"));
    }

    /**
     * The statistics report of measured tables (one per card, same order): the networks table, the
     * generator before and after calibration against the dense networks, and per-layer tables.
     */
    public static String report(List<LatencyTable> tables, List<MeasuredFashionNetworks.Card> cards, int images) {
        Map<String, SparsityStatistics> stats = new LinkedHashMap<>();
        Map<FashionArchitecture, SparsityStatistics> dense = new EnumMap<>(FashionArchitecture.class);
        List<LatencyTable> denseTables = new ArrayList<>();
        StringBuilder layerTables = new StringBuilder();
        for (int i = 0; i < tables.size(); i++) {
            LatencyTable table = tables.get(i);
            MeasuredFashionNetworks.Card card = cards.get(i);
            SparsityStatistics st = SparsityStatistics.of(table);
            stats.put(table.modelName(), st);
            if (card.variant().equals(PruningVariant.DENSE.name())) {
                dense.put(FashionArchitecture.byName(card.architecture()), st);
                denseTables.add(table);
                layerTables.append("\n### ").append(table.modelName()).append("\n\n")
                        .append(MeasuredFashionReport.layers(table, List.of(card.layers()), st));
            }
        }
        GeneratorCalibration.Fit fit = GeneratorCalibration.fit(denseTables);
        ActivationSparsityModel m = fit.model();
        return "# Measured Fashion-MNIST networks (" + images + " test images)\n\n"
                + MeasuredFashionReport.networks(cards, stats)
                + "\n## Generator before calibration (`calibrated()`) against the measurement, dense networks\n\n"
                + MeasuredFashionReport.generatorGap(dense, ActivationSparsityModel.calibrated(), "old")
                + String.format(java.util.Locale.ROOT, "%n## Generator fitted to the dense networks%n%n"
                        + "early mean %.3f, late mean %.3f, spread %.3f, rho %.3f, phi %.3f (mean correlation one layer apart %+.3f, two apart %+.3f)%n%n",
                        m.earlyMean(), m.lateMean(), m.spread(), m.latentLoading(), m.adjacentNoiseCorrelation(), fit.lag1Correlation(), fit.lag2Correlation())
                + MeasuredFashionReport.generatorGap(dense, m, "fitted")
                + "\n## Per layer, dense networks\n" + layerTables;
    }

    /**
     * Writes the report of tables already measured.
     * <p>Run: {@code java -cp ... dev.cotenant.models.measured.MeasuredFashionDirectories LATENCY_DIR NETWORKS_JSON OUT_MD}
     */
    public static void main(String[] args) throws IOException {
        List<MeasuredFashionNetworks.Card> cards = List.of(new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(Path.of(args[1]).toFile(), MeasuredFashionNetworks.Card[].class));
        List<LatencyTable> tables = new ArrayList<>();
        for (MeasuredFashionNetworks.Card c : cards) tables.add(LatencyCsv.read(Path.of(args[0]).resolve(c.model() + ".csv"), 128));
        Files.writeString(Path.of(args[2]), report(tables, cards, cards.get(0).testImages()));
    }

    static String provenance(int images, String which) {
        return "MEASURED activation sparsity of " + which + " trained in this repository on Fashion-MNIST (models: "
                + "MeasuredFashionNetworks; weights and cards in models/src/main/resources" + MeasuredFashionNetworks.RESOURCES + "),\n"
                + "one sample per test image (the first " + images + " of the 10,000): the share of exact zeros in every conv/FC layer's input.\n"
                + "Latency: the Eyeriss-v2-like cost model (modelled) on each layer's real shape, with that sparsity and the layer's\n"
                + "measured weight sparsity (pruned variants). Written by ./cotenant measure-sparsity --fmnist.\n";
    }
}

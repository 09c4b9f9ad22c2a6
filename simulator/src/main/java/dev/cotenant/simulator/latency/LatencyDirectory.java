package dev.cotenant.simulator.latency;

import dev.cotenant.simulator.BadInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The models a trace can name: a set of {@link LatencyTable}s, in a fixed order (sorted by model
 * name, so the same directory always gives the same model ids), plus the architecture-level
 * averages that the non-pattern-aware schedulers use as their static estimate.
 */
public final class LatencyDirectory {
    private final List<LatencyTable> tables;
    private final Map<String, Integer> idByName = new HashMap<>();
    /** Per model id: the static per-layer estimate of its architecture ({@code archAvgLat}). */
    private final double[][] architectureMeanLatencySeconds;
    /** Per model id: sample-weighted mean end-to-end latency of its architecture ({@code archMeanE2E}). */
    private final double[] architectureMeanEndToEndSeconds;

    public LatencyDirectory(List<LatencyTable> tables) {
        if (tables.isEmpty()) throw new BadInputException("latency directory: no latency tables");
        List<LatencyTable> sorted = new ArrayList<>(tables);
        sorted.sort((a, b) -> a.modelName().compareTo(b.modelName()));
        this.tables = Collections.unmodifiableList(sorted);
        for (int i = 0; i < sorted.size(); i++) {
            if (idByName.put(sorted.get(i).modelName(), i) != null) {
                throw BadInputException.at(sorted.get(i).modelName(), "model appears twice in the latency directory");
            }
        }
        architectureMeanLatencySeconds = new double[sorted.size()][];
        architectureMeanEndToEndSeconds = new double[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            List<LatencyTable> peers = architecturePeers(sorted.get(i));
            int layers = sorted.get(i).layerCount();
            double[] mean = new double[layers];
            double samples = 0;
            double e2e = 0;
            for (LatencyTable peer : peers) {
                if (peer.layerCount() != layers) {
                    throw BadInputException.at(peer.modelName(), "has " + peer.layerCount() + " layers but "
                            + sorted.get(i).modelName() + " of the same architecture has " + layers);
                }
                for (int l = 0; l < layers; l++) mean[l] += peer.meanLatencySeconds(l) * peer.sampleCount();
                e2e += peer.meanEndToEndSeconds() * peer.sampleCount();
                samples += peer.sampleCount();
            }
            for (int l = 0; l < layers; l++) mean[l] /= samples;
            architectureMeanLatencySeconds[i] = mean;
            architectureMeanEndToEndSeconds[i] = e2e / samples;
        }
    }

    /** Tables averaged together for {@code table}'s static estimate: same-architecture CNN tables; a Sanger table stands alone (artifact behaviour). */
    private List<LatencyTable> architecturePeers(LatencyTable table) {
        if (table.layout() == LatencyTable.Layout.SANGER) return List.of(table);
        List<LatencyTable> peers = new ArrayList<>();
        for (LatencyTable t : tables) {
            if (t.layout() == LatencyTable.Layout.EYERISS_V2 && t.architecture().equals(table.architecture())) peers.add(t);
        }
        return peers;
    }

    public List<LatencyTable> tables() { return tables; }
    public int modelCount() { return tables.size(); }
    public LatencyTable table(int modelId) { return tables.get(modelId); }

    /** Model id of {@code name}, or -1 when the directory has no such model. */
    public int modelId(String name) {
        Integer id = idByName.get(name);
        return id == null ? -1 : id;
    }

    public double architectureMeanLatencySeconds(int modelId, int layer) { return architectureMeanLatencySeconds[modelId][layer]; }
    public double architectureMeanEndToEndSeconds(int modelId) { return architectureMeanEndToEndSeconds[modelId]; }
}

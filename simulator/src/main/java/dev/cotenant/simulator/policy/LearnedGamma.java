package dev.cotenant.simulator.policy;

import dev.cotenant.simulator.estimate.MlpPredictor;
import dev.cotenant.simulator.kernel.CompiledWorkload;
import dev.cotenant.simulator.kernel.DecisionState;

import java.nio.file.Path;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A trained predictor attached to a policy: the {@code gamma} source of the {@code *-learned}
 * schedulers. The predictor is a pure function of a request's row and progress, so its output is
 * computed once per compiled workload (every row slot, {@link MlpPredictor#gammaTable}) and shared
 * by every run, thread and scheduler instance; a decision then reads one array slot, as the
 * analytical monitor does.
 */
public final class LearnedGamma {
    private final MlpPredictor predictor;
    private final String source;
    // Identity-keyed (CompiledWorkload has no equals); weak so dropped workloads free their tables.
    private final Map<CompiledWorkload, double[]> tables = new WeakHashMap<>();

    public LearnedGamma(MlpPredictor predictor, String source) {
        this.predictor = predictor;
        this.source = source;
    }

    /** Reads a predictor file ({@link MlpPredictor} format); bad input if missing or malformed. */
    public static LearnedGamma read(Path file) { return new LearnedGamma(MlpPredictor.read(file), file.toString()); }

    public MlpPredictor predictor() { return predictor; }

    /** Where the predictor came from, for run manifests. */
    public String source() { return source; }

    /** Predicted gamma per row slot of {@code workload}, computed on first use. */
    public double[] table(CompiledWorkload workload) {
        // One lock, held while a table is built: the predictor's scratch arrays are not thread-safe.
        synchronized (tables) {
            return tables.computeIfAbsent(workload, predictor::gammaTable);
        }
    }

    /** A per-scheduler-instance reader that caches the current run's table. */
    Reader reader() { return new Reader(); }

    final class Reader {
        private CompiledWorkload workload;
        private double[] table;

        /** The learned gamma of {@code request} at its current progress. */
        double gamma(DecisionState s, int request) {
            if (s.workload() != workload) {
                workload = s.workload();
                table = table(workload);
            }
            return table[s.rowStart(request) + s.layersRun(request)];
        }
    }
}

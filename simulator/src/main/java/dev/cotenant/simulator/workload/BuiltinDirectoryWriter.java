package dev.cotenant.simulator.workload;

import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyTable;
import dev.cotenant.simulator.workload.cost.SparseCnnAccelerator;
import dev.cotenant.simulator.workload.sparsity.ActivationSparsityModel;
import dev.cotenant.simulator.workload.sparsity.PruningPattern;
import dev.cotenant.simulator.workload.sparsity.PruningVariant;
import dev.cotenant.simulator.workload.zoo.ModelZoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the built-in demo latency directory shipped under
 * {@code simulator/src/main/resources/dev/cotenant/simulator/builtin/demo/}. Its tables are
 * SYNTHETIC: zoo networks on the Eyeriss-v2-like cost model with sampled activation sparsity
 * (docs/workloads.md). A test regenerates them and checks the shipped files are byte-identical.
 *
 * <p>Run: {@code java -cp simulator/target/classes dev.cotenant.simulator.workload.BuiltinDirectoryWriter simulator/src/main/resources/dev/cotenant/simulator/builtin/demo}
 */
public final class BuiltinDirectoryWriter {
    /** Four CNNs of 16 to 54 layers, one pruning variant each: the shape of the Sparse-DySta artifact's CNN runs. */
    static final List<String[]> DEMO_MODELS = List.of(
            new String[] {"resnet50", "UNSTRUCTURED", "0.6"},
            new String[] {"vgg16", "FILTER", "0.2"},
            new String[] {"mobilenetv2", "BLOCK", "0.2"},
            new String[] {"ssd300", "UNSTRUCTURED", "0.2"});
    static final int DEMO_SAMPLES_PER_MODEL = 64;
    static final long DEMO_SEED = 7;

    private BuiltinDirectoryWriter() {}

    public static List<LatencyTable> demoTables() {
        List<LatencyTable> tables = new ArrayList<>();
        for (String[] m : DEMO_MODELS) {
            PruningVariant variant = new PruningVariant(PruningPattern.valueOf(m[1]), Double.parseDouble(m[2]));
            tables.add(WorkloadTables.eyerissTable(ModelZoo.byName(m[0]), variant, SparseCnnAccelerator.eyerissV2(),
                    ActivationSparsityModel.calibrated(), DEMO_SAMPLES_PER_MODEL, DEMO_SEED));
        }
        return tables;
    }

    /** Writes the demo tables, their index and their provenance note into {@code folder}. */
    public static void writeDemo(Path folder) throws IOException {
        Files.createDirectories(folder);
        StringBuilder index = new StringBuilder();
        for (LatencyTable table : demoTables()) {
            String file = table.modelName() + ".csv";
            LatencyCsv.write(table, folder.resolve(file));
            index.append(file).append('\n');
        }
        Files.writeString(folder.resolve("index.txt"), index);
        Files.writeString(folder.resolve("PROVENANCE.txt"),
                "synthetic tables of 4 CNNs (resnet50, vgg16, mobilenetv2, ssd300; " + DEMO_SAMPLES_PER_MODEL
                        + " samples each) modelled on an Eyeriss-v2-like accelerator, written by "
                        + BuiltinDirectoryWriter.class.getName() + " (seed " + DEMO_SEED + ")\n"
                        + "Nothing here is measured: layer shapes come from the published architectures, latency from the\n"
                        + "cost model and sparsity from the calibrated generator; see docs/workloads.md for every number's source.\n");
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BuiltinDirectoryWriter FOLDER");
            System.exit(2);
        }
        writeDemo(Path.of(args[0]));
    }
}

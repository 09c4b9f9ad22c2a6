package dev.cotenant.simulator.latency;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatencyDirectoryTest {
    private static final double EXACT_ENOUGH = 1e-12;

    @Test
    void cnnArchitectureAveragesAreSampleWeighted(@TempDir Path dir) throws Exception {
        // resnet50_a: 2 samples: [1, 2], [3, 4]        -> avgLat [2, 3], mean E2E (3 + 7) / 2 = 5
        Files.writeString(dir.resolve("resnet50_a.csv"), LatencyCsv.EYERISS_V2_HEADER + "\n"
                + "0,0,0.1,1\n0,1,0.1,2\n1,0,0.1,3\n1,1,0.1,4\n");
        // resnet50_b: 3 samples: [5, 6], [7, 8], [9, 10] -> avgLat [7, 8], mean E2E (11 + 15 + 19) / 3 = 15
        Files.writeString(dir.resolve("resnet50_b.csv"), LatencyCsv.EYERISS_V2_HEADER + "\n"
                + "0,0,0.1,5\n0,1,0.1,6\n1,0,0.1,7\n1,1,0.1,8\n2,0,0.1,9\n2,1,0.1,10\n");
        // vgg16: another architecture, must not mix in.
        Files.writeString(dir.resolve("vgg16.csv"), LatencyCsv.EYERISS_V2_HEADER + "\n0,0,0.1,100\n0,1,0.1,200\n");
        LatencyDirectory directory = LatencyCsv.loadDirectory(dir, SangerLatencyModel.DEFAULT_SEQUENCE_LENGTH);

        // Weighted by 2 and 3 samples: layer 0 (2*2 + 7*3) / 5 = 5, layer 1 (3*2 + 8*3) / 5 = 6,
        // E2E (5*2 + 15*3) / 5 = 11. (Unweighted would give 4.5, 5.5 and 10.)
        for (String model : new String[] {"resnet50_a", "resnet50_b"}) {
            int id = directory.modelId(model);
            assertEquals(5, directory.architectureMeanLatencySeconds(id, 0), EXACT_ENOUGH, model);
            assertEquals(6, directory.architectureMeanLatencySeconds(id, 1), EXACT_ENOUGH, model);
            assertEquals(11, directory.architectureMeanEndToEndSeconds(id), EXACT_ENOUGH, model);
        }
        int vgg = directory.modelId("vgg16");
        assertEquals(100, directory.architectureMeanLatencySeconds(vgg, 0), EXACT_ENOUGH);
        assertEquals(300, directory.architectureMeanEndToEndSeconds(vgg), EXACT_ENOUGH);
    }

    @Test
    void sangerTablesStandAloneEvenWithinOneArchitecture(@TempDir Path dir) throws Exception {
        String header = "batch-indx,layer-indx,overall-sparsity,50%-skip\n";
        // Both are "bert"; at S = 512, d = 0.5: lb = 1 gives 1,277,952 ns, lb = 0.5 gives 1,933,312 ns
        // (SangerLatencyModelTest). Averaged together they would both read 1,605,632 ns.
        Files.writeString(dir.resolve("bert_a.csv"), header + "0,0,0.5,1\n");
        Files.writeString(dir.resolve("bert_b.csv"), header + "0,0,0.5,0.5\n");
        LatencyDirectory directory = LatencyCsv.loadDirectory(dir, SangerLatencyModel.DEFAULT_SEQUENCE_LENGTH);
        assertEquals(1.277952e-3, directory.architectureMeanEndToEndSeconds(directory.modelId("bert_a")), 1e-15);
        assertEquals(1.933312e-3, directory.architectureMeanEndToEndSeconds(directory.modelId("bert_b")), 1e-15);
        assertEquals(1.933312e-3, directory.architectureMeanLatencySeconds(directory.modelId("bert_b"), 0), 1e-15);
    }
}

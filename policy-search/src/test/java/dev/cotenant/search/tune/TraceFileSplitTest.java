package dev.cotenant.search.tune;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.setting.TracePoint;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A folder of trace files splits into training and held-out files: disjoint, complete, in the given ratio, fixed by the seed. */
class TraceFileSplitTest {
    static List<String> files(int n) {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < n; i++) files.add("/traces/t" + i + ".csv");
        return files;
    }

    @Test
    void sixFilesInTheRatioOneToTwoGiveTwoTrainingAndFourHeldOut() {
        TraceDistribution d = TraceDistribution.ofFiles(files(6));
        List<List<TracePoint>> split = d.split(8, 16, 1); // 6 x 8 / 24 = 2 training files
        assertEquals(2, split.get(0).size());
        assertEquals(4, split.get(1).size());
        Set<String> seen = new HashSet<>();
        for (List<TracePoint> set : split) for (TracePoint p : set) assertTrue(seen.add(p.workload()), "in one set only: " + p.workload());
        assertEquals(new HashSet<>(files(6)), seen, "every file is used");
        for (List<TracePoint> set : split) {
            for (TracePoint p : set) assertEquals(files(6).get((int) p.seed()), p.workload(), "seed is the file's position in the list");
        }
        assertEquals(split, d.split(8, 16, 1), "the seed fixes the split");
        // 15 ways to pick 2 of 6: seeds 1..10 cannot all give the same pair unless the seed is ignored
        Set<Set<String>> pairs = new HashSet<>();
        for (long seed = 1; seed <= 10; seed++) {
            Set<String> pair = new HashSet<>();
            for (TracePoint p : d.split(8, 16, seed).get(0)) pair.add(p.workload());
            pairs.add(pair);
        }
        assertNotEquals(1, pairs.size(), "the seed moves the split");
    }

    @Test
    void eachSetKeepsAtLeastOneFileAndASingleFileIsBoth() {
        assertEquals(1, TraceDistribution.ofFiles(files(3)).split(1, 100, 1).get(0).size(), "rounds to 0, kept at 1");
        assertEquals(1, TraceDistribution.ofFiles(files(3)).split(100, 1, 1).get(1).size(), "rounds to 3, one held out");
        List<List<TracePoint>> one = TraceDistribution.ofFiles(files(1)).split(8, 16, 1);
        assertEquals(one.get(0), one.get(1));
        assertThrows(BadInputException.class, () -> TraceDistribution.ofFiles(List.of()));
    }
}

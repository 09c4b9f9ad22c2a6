package dev.cotenant.experiments.compare;

import dev.cotenant.simulator.setting.TimeMultiplexedSetting;
import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.latency.BuiltinLatencyDirectories;
import dev.cotenant.simulator.latency.LatencyCsv;
import dev.cotenant.simulator.latency.LatencyDirectory;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;

import java.nio.file.Path;

/**
 * One workload of a gap comparison: the latency tables its traces draw from and the priorities
 * they draw, under the name its rows carry. Built the way {@code cotenant tune} and
 * {@code experiment run} build theirs, so a tuned policy is compared on the tables it was tuned on.
 *
 * @param name        the {@code scenario} column: a scenario name, {@code demo}, or a latency directory's folder name
 * @param provenance  where the tables came from, for run.json
 */
public record CompareWorkload(String name, LatencyDirectory directory, double[] priorities, String provenance) {
    public CompareWorkload {
        priorities = priorities.clone();
    }

    @Override
    public double[] priorities() { return priorities.clone(); }

    /** A time-multiplexed scenario of {@code cotenant workloads list}: its generated tables and its priorities. */
    public static CompareWorkload scenario(String name, int samplesPerModel) {
        Scenario scenario;
        try {
            scenario = Scenarios.byName(name);
        } catch (BadInputException e) {
            throw BadInputException.at("--scenario", e.getMessage());
        }
        if (samplesPerModel < 2) throw BadInputException.at("--samples", "must be >= 2, got " + samplesPerModel);
        double[] priorities = scenario.priorities().stream().mapToDouble(Double::doubleValue).toArray();
        return new CompareWorkload(name, Scenarios.latencyDirectoryWithSanger(scenario, samplesPerModel), priorities,
                "scenario " + name + " (" + samplesPerModel + " samples per model, synthetic)");
    }

    /** The built-in synthetic directory, with the artifact generator's priorities 1, 3, 9. */
    public static CompareWorkload builtin(String name) {
        if (!name.equals(BuiltinLatencyDirectories.DEMO)) {
            throw BadInputException.at("--builtin", "unknown built-in latency directory '" + name + "'; known: " + BuiltinLatencyDirectories.DEMO);
        }
        return new CompareWorkload(name, BuiltinLatencyDirectories.load(name), TimeMultiplexedSetting.publishedPriorities(),
                "builtin:" + name + " (synthetic)");
    }

    /** A folder of per-model latency CSVs, named by the folder, with the artifact generator's priorities 1, 3, 9. */
    public static CompareWorkload latencyDirectory(Path dir, int sangerSequenceLength) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return new CompareWorkload(name == null ? dir.toString() : name.toString(), LatencyCsv.loadDirectory(dir, sangerSequenceLength),
                TimeMultiplexedSetting.publishedPriorities(), dir.toString());
    }

    /** Requests per second at offered load 1 (the accelerator busy on average all the time), models picked uniformly. */
    public double ratePerSecondAtFullLoad() { return TimeMultiplexedSetting.ratePerSecondAtFullLoad(directory); }
}

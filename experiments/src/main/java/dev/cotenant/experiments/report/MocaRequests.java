package dev.cotenant.experiments.report;

import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.runner.ExperimentWorkload;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.csv.AtomicFiles;
import dev.cotenant.simulator.moca.MocaEvaluator;
import dev.cotenant.simulator.moca.MocaOutcome;
import dev.cotenant.simulator.moca.MocaTrace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code requests.csv} of a {@code setting: moca} experiment: one line per stored row's request
 * (arrival, start, finish, logged latency, target), for checks against logged hardware runs
 * ({@code docs/moca-firesim-validation.py}). metrics.csv keeps one row per point and policy, so the
 * per-request times are recomputed from each stored row's point and policy: MoCA's runs are
 * deterministic, so this gives the very run the row measured.
 */
public final class MocaRequests {
    /** Starts with {@code simulate}'s columns, so a reader of one reads the other. */
    public static final String HEADER = "scheduler,request,arrival_s,finish_s,deadline_s,met,workload,model,priority_level,start_s,logged_latency_s";
    private static final double CYCLES_PER_SECOND = 1e9;
    private static final Map<Double, String> QOS = Map.of(0.8, "h", 1.0, "m", 1.2, "l");

    private MocaRequests() {}

    /** Writes {@code file} for {@code rows} (stored rows of {@code spec}) on {@code threads} threads. */
    public static void write(ExperimentSpec spec, List<ExperimentRow> rows, Path file, int threads) throws IOException {
        ExperimentWorkload workload = new ExperimentWorkload(spec);
        boolean scaled = !spec.sweep().loads().isEmpty();
        boolean artifactRuntime = ((dev.cotenant.simulator.setting.MocaSetting) workload.setting()).artifactRuntime();
        MocaOutcome[] outcomes = new MocaOutcome[rows.size()];
        MocaTrace[] traces = new MocaTrace[rows.size()];
        MocaEvaluator.forEach(rows.size(), threads, i -> {
            ExperimentRow r = rows.get(i);
            PolicySpec p = spec.policies().stream().filter(e -> e.label().equals(r.policy())).findFirst().orElseThrow();
            traces[i] = workload.mocaTrace(r.point());
            outcomes[i] = MocaEvaluator.run(p.schedulerName(), p.parameters(), traces[i], artifactRuntime);
        });
        AtomicFiles.write(file, out -> {
            out.write(HEADER + "\n");
            StringBuilder line = new StringBuilder(160);
            for (int i = 0; i < rows.size(); i++) {
                MocaTrace t = traces[i];
                MocaOutcome o = outcomes[i];
                String label = label(rows.get(i).point(), scaled);
                for (int q = 0; q < t.size(); q++) {
                    line.setLength(0);
                    line.append(rows.get(i).policy()).append(',').append(q).append(',')
                            .append(t.arrivalCycles(q) / CYCLES_PER_SECOND).append(',')
                            .append(o.finishCycles(q) / CYCLES_PER_SECOND).append(',')
                            .append((t.arrivalCycles(q) + t.targetCycles(q)) / CYCLES_PER_SECOND).append(',')
                            .append(o.met(q)).append(',').append(label).append(',').append(t.networkOf(q).cliName()).append(',')
                            .append(t.priorityLevel(q)).append(',')
                            .append(o.startCycles(q) / CYCLES_PER_SECOND).append(',')
                            .append(o.loggedLatencyCycles(q) / CYCLES_PER_SECOND).append('\n');
                    out.write(line.toString());
                }
            }
        });
    }

    /** The trace as MoCA names it: {@code moca-SET-QOS} (artifact seed), {@code #seedN} for another seed, {@code @LOAD} when stretched. */
    static String label(SweepPoint p, boolean scaled) {
        String qos = QOS.get(p.sloMultiplierMin());
        String name = p.workload().length() != 1 ? p.workload()
                : "moca-" + p.workload() + (qos != null ? "-" + qos : "@" + p.sloMultiplierMin()) + (p.seed() == 777 ? "" : "#seed" + p.seed());
        return scaled ? name + "@" + p.offeredLoad() : name;
    }

}

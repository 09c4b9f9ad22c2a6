package dev.cotenant.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cotenant.experiments.report.ExperimentReport;
import dev.cotenant.experiments.results.FolderLock;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.runner.ExperimentRunner;
import dev.cotenant.experiments.spec.OptimumArtefacts;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.PolicySpec;
import dev.cotenant.simulator.metrics.Metric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cotenant optimal}: a spec builder over the one runner. The workload options become an
 * experiment of one point (the trace file, or the generated trace) and one {@code optimum} entry with
 * the optimiser's and certification's settings; {@link ExperimentRunner} solves it into OUT, keeping
 * the solve's files ({@link OptimumArtefacts}); what is printed is a report over them.
 */
@Command(name = "optimal", mixinStandardHelpOptions = true,
        description = {"Clairvoyant best schedule of the trace: the best priority order over its requests (run preemptively at layer boundaries by",
                "the same kernel), then per busy period its priority-weighted missed deadlines proven optimal over every kernel schedule or",
                "bracketed (exact preemptive bound and CP-SAT; --no-certify skips it). An experiment of one point and one 'optimum' entry:",
                "OUT/metrics.csv (the optimum's row and its bound rows) and OUT/manifest.json, and in OUT/artefacts/optimal/point-0/",
                "summary.json (cost, lower bounds, gaps, what is proven), busy_periods.csv, schedule.csv (per request and layer) and",
                "requests.csv. A rerun with the same options reports the stored result. Physical clock, no switch cost."})
public final class OptimalCommand implements Callable<Integer> {
    @Mixin WorkloadSettings workload;
    @Mixin OptimalSettings optimal;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Result folder (a rerun with the same options reports what it holds).")
    Path out;

    @Option(names = "--force", description = "Discard an earlier 'cotenant optimal' result in OUT and solve again.")
    boolean force;

    @Option(names = "--no-progress", description = "No progress lines (one per busy period solved, at most every few seconds) on stderr.")
    boolean noProgress;

    @Spec CommandSpec spec;

    /** The optimum entry's label: its row, its bound rows and its artefact folder carry it. */
    static final String LABEL = "optimal";

    @Override
    public Integer call() throws Exception {
        PolicySpec entry = new PolicySpec(LABEL, null, "optimum", null, null, optimal.toOptimum());
        ExperimentSpec experiment = workload.spec("optimal", "Offline optimum of one trace", List.of(entry),
                List.of(Metric.PRIORITY_WEIGHTED_VIOLATION_RATE, Metric.ANTT, Metric.VIOLATION_RATE));
        PrintWriter stdout = spec.commandLine().getOut();
        try (FolderLock lock = ResultFolder.lockExperiment(out)) {
            ExperimentRunner.Outcome outcome = ExperimentRunner.run(experiment, out,
                    new ExperimentRunner.Options(1, !noProgress, spec.root().commandLine().getParseResult().originalArgs(), null, force)
                            .withLog(errStream(spec.commandLine().getErr())));
            ExperimentReport.printSummary(outcome.spec(), outcome.store().rows(), stdout);
            Path files = OptimumArtefacts.folder(outcome.store().folder(), LABEL, 0);
            stdout.println(report(new ObjectMapper().readTree(files.resolve(OptimumArtefacts.SUMMARY).toFile())));
            stdout.println("wrote " + outcome.store().folder() + " (metrics.csv, manifest.json, " + outcome.store().folder().relativize(files) + "/)");
        }
        stdout.flush();
        return 0;
    }

    /** The command line's error writer (stderr, or what a test gave it) as the stream the runner logs to. */
    static PrintStream errStream(PrintWriter err) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                line.write(b);
                if (b == '\n') flush();
            }

            @Override
            public void flush() { // whole lines only, so a UTF-8 character is never split
                err.write(line.toString(StandardCharsets.UTF_8));
                err.flush();
                line.reset();
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** Two lines over a stored summary: the optimum against the best online heuristic, then what is proven over every kernel schedule. */
    static String report(JsonNode s) {
        JsonNode best = s.get("best_online_heuristic"), found = s.get("optimal");
        double misses = found.get("weighted_missed_deadlines").asDouble(), bound = s.get("certified_lower_bound").get("weighted_missed_deadlines").asDouble();
        int parts = s.get("busy_periods").get("count").asInt();
        String first = String.format(Locale.ROOT, "best online heuristic %s: weighted misses %.0f, antt %.4f; optimal: %.0f, %.4f; %s",
                best.get("scheduler").asText(), best.get("cost").get("weighted_missed_deadlines").asDouble(), best.get("cost").get("antt").asDouble(),
                misses, found.get("antt").asDouble(),
                s.get("proven_optimal_within_family").asBoolean() ? "proven optimal within the family" : "not proven within the family");
        String second = s.get("misses_proven_optimal").asBoolean()
                ? String.format(Locale.ROOT, "weighted misses %.0f: proven optimal over every kernel schedule (all %d busy periods)", misses, parts)
                : String.format(Locale.ROOT, "weighted misses bracketed [%.0f, %.0f] over every kernel schedule (gap %.0f); %d of %d busy periods proven",
                        bound, misses, misses - bound, s.get("parts_proven_optimal").asInt(), parts);
        return first + "\n" + second;
    }
}

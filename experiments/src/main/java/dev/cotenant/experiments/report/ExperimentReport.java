package dev.cotenant.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cotenant.experiments.report.Summary.Condition;
import dev.cotenant.experiments.report.Summary.Stat;
import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.results.ExperimentStore;
import dev.cotenant.experiments.results.ResultFolder;
import dev.cotenant.experiments.runner.ExperimentWorkload;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.simulator.csv.AtomicFiles;
import dev.cotenant.simulator.metrics.Metric;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * An experiment's report: {@code plots/*.png} and {@code *.svg} (swapped in whole by {@link ResultFolder})
 * and one self-contained interactive {@code report.html} ({@link InteractiveReport}). It reads only the
 * stored rows and the manifest, so it can be redrawn from a folder.
 */
public final class ExperimentReport {
    private ExperimentReport() {}

    /** Draws the charts and writes report.html into {@code folder}; returns the report's path. */
    public static Path write(ExperimentSpec spec, List<ExperimentRow> rows, ExperimentWorkload workload, Path folder) throws IOException {
        Summary summary = new Summary(rows, spec.policyLabels());
        Summary scheduleSummary = new Summary(rows, spec.scheduleLabels());
        List<Charts.Figure> figures;
        try (ResultFolder plots = ResultFolder.part(folder.resolve(ExperimentStore.PLOTS), "experiment-plots")) {
            // Bound rows leave most metrics undefined (NaN), so the charts draw measured schedules only; the tables show the bounds.
            figures = Charts.draw(spec, scheduleSummary, plots.file(""));
            plots.commit();
        }
        JsonNode manifest = new ObjectMapper().readTree(folder.resolve(ExperimentStore.MANIFEST).toFile());
        String html = InteractiveReport.html(spec, summary, scheduleSummary, rows, figures, manifest, workload);
        Path report = folder.resolve(ExperimentStore.REPORT_HTML);
        AtomicFiles.write(report, out -> out.write(html));
        return report;
    }

    /** The spec's metrics per policy at each condition (the middle one only when there are more than four), for the terminal. */
    public static void printSummary(ExperimentSpec spec, List<ExperimentRow> rows, java.io.PrintWriter out) {
        Summary summary = new Summary(rows, spec.policyLabels());
        List<Condition> all = summary.conditions();
        List<Condition> shown = all.size() <= 4 ? all : List.of(all.get(all.size() / 2));
        int width = Math.max(12, spec.policyLabels().stream().mapToInt(String::length).max().orElse(0) + 2);
        for (Condition c : shown) {
            out.println(c.label() + (shown.size() < all.size() ? "  (middle of " + all.size() + " conditions; all in the report)" : ""));
            out.printf(Locale.ROOT, "  %-" + width + "s", "policy");
            for (Metric m : spec.metrics()) out.printf(Locale.ROOT, " %24s", m.columnName());
            out.println();
            for (String policy : summary.policies()) {
                out.printf(Locale.ROOT, "  %-" + width + "s", policy);
                for (Metric m : spec.metrics()) {
                    Stat s = summary.stat(c, policy, m);
                    // a bound row leaves most metrics undefined: say so rather than "NaN +- NaN"
                    out.printf(Locale.ROOT, " %24s", Double.isFinite(s.mean()) ? String.format(Locale.ROOT, "%.4g +- %.2g", s.mean(), s.std()) : "n/a");
                }
                out.println();
            }
        }
    }
}

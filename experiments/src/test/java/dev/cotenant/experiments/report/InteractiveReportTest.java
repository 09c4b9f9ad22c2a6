package dev.cotenant.experiments.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cotenant.experiments.results.ExperimentRow;
import dev.cotenant.experiments.spec.BuiltinExperiments;
import dev.cotenant.experiments.spec.ExperimentSpec;
import dev.cotenant.experiments.spec.SweepPoint;
import dev.cotenant.simulator.kernel.KernelOptions;
import dev.cotenant.simulator.metrics.Metric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts of report.html that need no browser: numbers as a reader sees them, and text that is safe to inline. */
class InteractiveReportTest {
    @Test
    void numbersKeepFourSignificantDigitsInPlainNotation() {
        assertEquals("0.001667", InteractiveReport.number(1.0 / 600, 4)); // 0.0016666...: leading zero kept, 4 digits
        assertEquals("28.73", InteractiveReport.number(28.7345, 4));
        assertEquals("12350", InteractiveReport.number(12345.6, 4)); // not 1.235e+04
        assertEquals("1", InteractiveReport.number(1.0000000000000513, 4));
        assertEquals("n/a", InteractiveReport.number(Double.NaN, 4));
    }

    @Test
    void aSpreadIsNoFinerThanTheMeansLastDigit() {
        // The demo's median NTT of 1 had s.d. 5.1e-14 (floating-point noise): shown as 0, not 0.000000000000051.
        assertEquals("0", InteractiveReport.spread(1.0000000000000513, 5.1e-14));
        assertEquals("0.0024", InteractiveReport.spread(0.3517, 0.0023570226));
        assertEquals("2.4", InteractiveReport.spread(28.73, 2.4049));
        assertEquals("12", InteractiveReport.spread(71.99, 12.34)); // 2 significant digits
        assertEquals("0", InteractiveReport.spread(28.73, 0.00123)); // the mean shows 2 decimals, so does its spread: 0.00
    }

    @Test
    void boundRowsReadNotAvailableNeverNaN() {
        // heuristics-vs-optimum has an optimum entry: its two bound rows define only the metrics they bound.
        ExperimentSpec spec = BuiltinExperiments.load("heuristics-vs-optimum").quick();
        SweepPoint point = new SweepPoint(0, 0.5, 5, 10, 10, 1);
        List<ExperimentRow> rows = new ArrayList<>();
        for (String label : spec.policyLabels()) {
            double[] m = new double[Metric.values().length];
            boolean bound = !spec.scheduleLabels().contains(label);
            Arrays.fill(m, bound ? Double.NaN : 0.25);
            if (bound) m[Metric.PRIORITY_WEIGHTED_VIOLATION_RATE.ordinal()] = 0.125;
            rows.add(new ExperimentRow(point, label, 10, m));
        }
        StringBuilder html = new StringBuilder();
        List<Metric> shown = List.of(Metric.PRIORITY_WEIGHTED_VIOLATION_RATE, Metric.VIOLATION_RATE, Metric.ANTT);
        InteractiveReport.tables(html, shown, new Summary(rows, spec.policyLabels()));
        String text = html.toString();
        assertFalse(text.contains("NaN"), text);
        int bounds = spec.policyLabels().size() - spec.scheduleLabels().size();
        assertEquals(2, bounds);
        // every metric shown but the one each bound defines: (3 - 1) cells per bound row
        assertEquals(bounds * (shown.size() - 1), text.split(">n/a<", -1).length - 1);
        assertTrue(text.contains("<td data-value=\"0.125\">0.125</td>"), "one seed: the mean alone, no \"± 0\"");
    }

    @Test
    void theKernelReadsAsWordsNotAJavaRecord() {
        assertEquals("estimator monitor (last 3 layers), switch cost 0 s, physical clock", InteractiveReport.kernel(KernelOptions.PUBLISHED));
    }

    @Test
    void inlinedTextCannotCloseItsScriptElement() throws Exception {
        ObjectNode node = new ObjectMapper().createObjectNode().put("label", "a</script><b>");
        String json = InteractiveReport.jsonForScript(node);
        assertFalse(json.contains("</script"), json);
        assertEquals("a</script><b>", new ObjectMapper().readTree(json).path("label").asText()); // same value once parsed
        String script = VegaBundle.inlineSafe("var s = \"</script>\";\n//# sourceMappingURL=vega.min.js.map");
        assertEquals("var s = \"<\\/script>\";\n", script);
    }

    @Test
    void theBuildBundledTheLibrariesItPinned() {
        // experiments/pom.xml pins these versions (and their SHA-256); the report names them in its footer.
        assertEquals("Vega 6.4.0, Vega-Lite 6.5.0, vega-embed 7.3.0", VegaBundle.versions());
        String libraries = VegaBundle.libraries();
        assertTrue(libraries.contains("vegaEmbed") && libraries.length() > 800_000, "bundle of " + libraries.length() + " chars");
        assertFalse(libraries.contains("</script"));
    }
}

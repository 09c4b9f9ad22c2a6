package dev.cotenant.experiments.report;

import dev.cotenant.simulator.metrics.Metric;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FigureTextTest {
    @Test
    void longAndParameterisedLabelsBecomeStarredWithTheFullNameInTheFootnote() {
        Map<String, String> s = FigureText.shortLabels(List.of("fcfs", "dysta", "dysta(beta=0.0013608340626976945)",
                "dysta(beta=1.0E-5)", "a-very-long-policy-label"));
        assertEquals("fcfs", s.get("fcfs"));
        assertEquals("dysta", s.get("dysta"));
        assertEquals("dysta*", s.get("dysta(beta=0.0013608340626976945)"));
        assertEquals("dysta*2", s.get("dysta(beta=1.0E-5)")); // the second would clash with the first
        assertEquals("a-very-long-*", s.get("a-very-long-policy-label")); // 12 characters kept, then the star
        // the 19-digit float is cut to 3 significant digits; short numbers are left alone
        assertEquals("dysta* = dysta(beta=0.00136); dysta*2 = dysta(beta=1.0E-5); a-very-long-* = a-very-long-policy-label",
                FigureText.footnote(s));
        assertEquals("", FigureText.footnote(FigureText.shortLabels(List.of("sjf", "prema"))));
        // an overridden policy as the CLI and specs write it (name:param=value) reads the same way
        Map<String, String> overridden = FigureText.shortLabels(List.of("dysta:beta=0.0013608340626976945", "sjf"));
        assertEquals("dysta*", overridden.get("dysta:beta=0.0013608340626976945"));
        assertEquals("dysta* = dysta:beta=0.00136", FigureText.footnote(overridden));
    }

    @Test
    void errorBarsStopAtTheMetricsBounds() {
        // mean 0.02 +- 0.05 would reach -0.03: a rate cannot, so the bar is cut to 0.02 (down to exactly 0)
        assertEquals(0.02, FigureText.clippedError(Metric.VIOLATION_RATE, 0.02, 0.05), 1e-12);
        assertEquals(0.01, FigureText.clippedError(Metric.VIOLATION_RATE, 0.99, 0.05), 1e-12); // up to exactly 1
        assertEquals(0.05, FigureText.clippedError(Metric.VIOLATION_RATE, 0.5, 0.05), 1e-12); // inside: unchanged
        assertEquals(0.5, FigureText.clippedError(Metric.ANTT, 1.5, 2.0), 1e-12); // ANTT >= 1
        assertEquals(40.0, FigureText.clippedError(Metric.ANTT, 185, 40), 1e-12); // no upper bound
    }

    @Test
    void aPolicyFiveTimesWorseThanTheMedianGoesOffScale() {
        Map<String, Double> largest = new LinkedHashMap<>();
        largest.put("fcfs", 128.0);
        largest.put("sjf", 12.0);
        largest.put("prema", 16.0);
        largest.put("dysta", 17.0);
        largest.put("optimal", 0.0); // not positive: ignored
        // positive sorted: 12, 16, 17, 128; median (index 2) 17; cap 5 x 17 = 85 < 128
        assertEquals(85.0, GapChart.offScaleCap(largest), 1e-12);
        largest.put("fcfs", 80.0); // below 85: all on scale
        assertEquals(Double.POSITIVE_INFINITY, GapChart.offScaleCap(largest));
    }
}

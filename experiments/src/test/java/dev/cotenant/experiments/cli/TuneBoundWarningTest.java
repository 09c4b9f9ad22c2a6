package dev.cotenant.experiments.cli;

import dev.cotenant.search.tune.SearchSpace;
import dev.cotenant.simulator.policy.Parameter;
import dev.cotenant.simulator.policy.Schedulers;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tune} warns when a tuned value ends on an end of its searched range, where the search could not go further. */
class TuneBoundWarningTest {
    static String warnings(SearchSpace space, double... best) {
        StringWriter text = new StringWriter();
        TuneCommand.warnAtBounds(space, best, Schedulers.space(space.policyName()), new PrintWriter(text, true));
        return text.toString();
    }

    @Test
    void positionIsMeasuredOnTheParametersScale() {
        // dysta's beta is searched on a log scale over [1e-5, 10]: 6 decades, so 1e-2 is halfway (3 decades up).
        Parameter beta = Schedulers.space("dysta").get(0);
        assertEquals(0.5, beta.position(1e-2), 1e-12);
        assertEquals(0, beta.position(1e-5), 1e-12);
        assertEquals(1, beta.position(10), 1e-12);
        // PREMA's thresholds are linear: threshold_mid over [1, 27], 14 is halfway.
        assertEquals(0.5, Schedulers.space("prema").get(1).position(14), 1e-12);
    }

    @Test
    void aValueOnThePolicysOwnLimitIsWarnedAboutAsSuch() {
        // The end-to-end run of the issue: beta = 1e-5, the lower end of dysta's own range.
        String w = warnings(SearchSpace.of("dysta", Schedulers.space("dysta"), Map.of()), 1e-5);
        assertTrue(w.startsWith("tune: warning: beta = 1.00000e-05 sits on the lower end of its search range [1.00000e-05, 10.0000]"), w);
        assertTrue(w.contains("the policy's own limit"), w);
        // 1% of 6 decades is 0.06 decades: 1.1e-5 (0.041 decades up) still counts, 1.2e-5 (0.079) does not.
        assertEquals(1, warnings(SearchSpace.of("dysta", Schedulers.space("dysta"), Map.of()), 1.1e-5).lines().count());
        assertEquals("", warnings(SearchSpace.of("dysta", Schedulers.space("dysta"), Map.of()), 1.2e-5));
        assertEquals("", warnings(SearchSpace.of("dysta", Schedulers.space("dysta"), Map.of()), 0.01));
    }

    @Test
    void aValueOnANarrowedBoundSaysHowToWidenIt() {
        SearchSpace narrowed = SearchSpace.of("dysta", Schedulers.space("dysta"), Map.of("beta", new double[] {1e-3, 1e-1}));
        String w = warnings(narrowed, 1e-1);
        assertTrue(w.contains("upper end of its search range [0.00100000, 0.100000]"), w);
        assertTrue(w.contains("widen it with --bound beta=LO:HI, within [1.00000e-05, 10.0000]"), w);
        assertEquals("", warnings(narrowed, 1e-2), "the middle of the range is no warning");
    }
}

package dev.cotenant.search.tune;

import dev.cotenant.simulator.BadInputException;
import dev.cotenant.simulator.metrics.Metric;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectiveTest {
    static double[] means(double violation, double antt, double stp) {
        double[] m = new double[Metric.values().length];
        m[Metric.VIOLATION_RATE.ordinal()] = violation;
        m[Metric.ANTT.ordinal()] = antt;
        m[Metric.STP.ordinal()] = stp;
        return m;
    }

    @Test
    void singleMetricKeepsItsDirection() {
        Objective.Scalar s = (Objective.Scalar) Objective.parse("stp");
        assertTrue(s.higherIsBetter());
        assertEquals(0.7, s.value(means(0.1, 3, 0.7)));
        assertFalse(((Objective.Scalar) Objective.parse("ANTT")).higherIsBetter());
    }

    @Test
    void weightedSumWithExponentWeights() {
        Objective.Scalar s = (Objective.Scalar) Objective.parse("violation_rate+1e-2*antt");
        assertFalse(s.higherIsBetter());
        assertEquals(0.1 + 0.03, s.value(means(0.1, 3, 0)), 1e-15);
    }

    @Test
    void mixedDirectionsNeedAnExplicitOne() {
        assertThrows(BadInputException.class, () -> Objective.parse("violation_rate+stp"));
        Objective.Scalar s = (Objective.Scalar) Objective.parse("max:stp-0.5*violation_rate");
        assertTrue(s.higherIsBetter());
        assertEquals(0.7 - 0.05, s.value(means(0.1, 3, 0.7)), 1e-15);
        // A negated lower-is-better metric pulls the same way as a higher-is-better one: no prefix needed.
        assertTrue(((Objective.Scalar) Objective.parse("stp-violation_rate")).higherIsBetter());
    }

    @Test
    void paretoObjectiveMaximisesNegatedCosts() {
        Objective.Pareto p = assertInstanceOf(Objective.Pareto.class, Objective.parse("violation_rate,antt"));
        assertEquals(List.of(Metric.VIOLATION_RATE, Metric.ANTT), p.metrics());
        double[] point = p.maximisedPoint(means(0.1, 3, 0));
        assertEquals(-0.1, point[0]);
        assertEquals(3, p.metricValue(point, 1));
    }

    @Test
    void unknownMetricsAndBadWeightsAreBadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> Objective.parse("jain_index"));
        // the setting, not a flag: the CLI shows it at tune's --objective, a spec at its objective key
        assertTrue(e.isSetting() && e.where().equals("objective"), e.getMessage());
        assertTrue(e.problem().startsWith("unknown metric 'jain_index'"), e.getMessage());
        assertThrows(BadInputException.class, () -> Objective.parse("x*antt"));
        assertThrows(BadInputException.class, () -> Objective.parse("antt,antt"));
        assertThrows(BadInputException.class, () -> Objective.parse(""));
    }
}

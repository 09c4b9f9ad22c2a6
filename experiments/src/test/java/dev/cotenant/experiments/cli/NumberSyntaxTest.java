package dev.cotenant.experiments.cli;

import dev.cotenant.simulator.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One syntax for ranges and lists across commands: tune's {@code 120:170} and compare's {@code 2,3,4} both work everywhere. */
class NumberSyntaxTest {
    @Test
    void aRangeIsLoHiANumberOrTheSpanOfAList() {
        assertArrayEquals(new double[] {120, 170}, NumberSyntax.range("--rates", "120:170"));
        assertArrayEquals(new double[] {3, 3}, NumberSyntax.range("--rates", "3"));
        assertArrayEquals(new double[] {2, 4}, NumberSyntax.range("--rates", "2,3,4"), "a list spans its smallest to largest value");
        assertArrayEquals(new double[] {2, 4}, NumberSyntax.range("--rates", "4, 2"), "in any order");
        assertArrayEquals(new double[] {5, 10}, NumberSyntax.range("--slo-mults", " 5 : 10 "));
    }

    @Test
    void aListIsCommasSteppedOrTheTwoEndsOfARange() {
        assertEquals(List.of(2.0, 3.0, 4.0), NumberSyntax.list("--rates", "2,3,4"));
        assertEquals(List.of(2.0, 3.0, 4.0), NumberSyntax.list("--rates", "2:4:1"));
        assertEquals(List.of(5.0, 10.0), NumberSyntax.list("--slo-mults", "5:10"), "tune's range names the same two ends");
        // decimal steps end on the upper end exactly: 0.55 + 2 x 0.275 is 1.1, which binary doubles miss
        assertEquals(List.of(0.55, 0.825, 1.1), NumberSyntax.list("--loads", "0.55:1.1:0.275"));
        assertEquals(List.of(1.0, 2.0, 4.0, 6.0), NumberSyntax.list("--rates", "1,2:6:2"), "items may mix forms");
    }

    @Test
    void positivesAreAListOfFiniteValuesAboveZeroNoneTwice() {
        assertEquals(List.of(0.6, 0.8, 1.0), NumberSyntax.positives("--loads", "0.6:1.0:0.2"));
        assertEquals("--loads: must be finite and > 0, got 0.0", assertThrows(BadInputException.class,
                () -> NumberSyntax.positives("--loads", "0,0.5")).getMessage());
        // 0.5:1:0.5 is 0.5 and 1; with 0.5 again the value repeats
        assertEquals("--loads: a value is listed twice: [0.5, 1.0, 0.5]", assertThrows(BadInputException.class,
                () -> NumberSyntax.positives("--loads", "0.5:1:0.5,0.5")).getMessage());
    }

    @Test
    void badInputNamesTheOptionAndTheText() {
        for (String[] c : new String[][] {{"list", "2,x"}, {"list", "1:2:3:4"}, {"list", "1:5:0"}, {"list", "5:1:1"}, {"list", "1:1e9:1e-3"},
                {"range", "1:2:3"}, {"range", "a:3"}, {"range", ""}, {"list", "nan"}}) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> { if (c[0].equals("list")) NumberSyntax.list("--loads", c[1]); else NumberSyntax.range("--loads", c[1]); }, c[1]);
            assertTrue(e.getMessage().startsWith("--loads"), e.getMessage());
        }
    }
}

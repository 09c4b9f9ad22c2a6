package dev.cotenant.simulator.policy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** PREMA's token arithmetic by hand, thresholds 1 / 3 / 9. */
class PremaTokensTest {
    @Test
    void firstDecisionSetsPrioritiesLaterOnesGrowByPriorityTimesIdleOverIsolated() {
        PremaTokens t = new PremaTokens(PremaTokens.SPACE.defaults());
        t.reset(2);
        t.beginDecision();
        t.update(0, 3, 0, 1);
        t.update(1, 1, 0, 1);
        assertEquals(3, t.token(0));
        assertEquals(1, t.token(1));
        // No token was held before this decision: threshold_low = 1, and both reach it.
        assertEquals(1, t.threshold());
        assertTrue(t.eligible(0) && t.eligible(1));

        // Next decision: r0 idle 2 s of a 1 s job, 3 + 3 x 2 / 1 = 9 >= threshold_high; r1 idle 0.5 s of 0.25 s, 1 + 1 x 2 = 3.
        t.beginDecision();
        t.update(0, 3, 2, 1);
        t.update(1, 1, 0.5, 0.25);
        assertEquals(9, t.token(0), 1e-12);
        assertEquals(3, t.token(1), 1e-12);
        assertEquals(9, t.threshold(), "the largest held token reached threshold_high");
        assertTrue(t.eligible(0));
        assertFalse(t.eligible(1));
    }
}

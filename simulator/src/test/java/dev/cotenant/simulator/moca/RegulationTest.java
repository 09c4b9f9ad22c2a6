package dev.cotenant.simulator.moca;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** MoCA's per-layer regulation decision on hand-computed cases. */
class RegulationTest {
    private final double[] defaults = Regulation.SPACE.defaults();

    @Test
    void defaultsAreTheArtifactsConstants() {
        assertEquals(150, defaults[Regulation.BUDGET]);
        assertEquals(25, defaults[Regulation.FLOOR]);
        assertEquals(4, defaults[Regulation.MIN_LOOP_TILES]);
        assertEquals(10, defaults[Regulation.SLACK_FLOOR]);
        assertEquals(10, defaults[Regulation.SCORE_SCALE]);
        assertEquals(4, defaults[Regulation.PRIORITY_DIVISOR]);
    }

    @Test
    void threeTenantsAsWrittenUseOwnScoreAsEveryWeight() {
        // U = 60, s = 3; co-runners U = 80 (s 5) and 40 (s 2). Sum 180 > 150: excess E = 30.
        // As written w_o = s = 3: W = 3*80 + 3*40 = 360, cut = 30 * 360 / (3*60 + 360) = 20 -> U' = 40,
        // the closed form U - E * sum(U_o) / (U + sum(U_o)) = 60 - 30 * 120 / 180 = 40.
        double u = Regulation.allowedUtilisation(defaults, true, 60, 3, 2, new int[]{80, 40}, new int[]{5, 2});
        assertEquals(40, u);
    }

    @Test
    void whenEveryTenantDecidesTheCutsAddUpToTwiceTheExcessForThreeTenants() {
        // U = 60, 80, 40, all scores 3 (so both weightings agree); E = 30. Each cuts E x (the others' share):
        // 30 x 120/180 = 20, 30 x 100/180 = 16.67, 30 x 140/180 = 23.33; together 60 = (3 - 1) x E.
        double a = Regulation.allowedUtilisation(defaults, false, 60, 3, 2, new int[]{80, 40}, new int[]{3, 3});
        double b = Regulation.allowedUtilisation(defaults, false, 80, 3, 2, new int[]{60, 40}, new int[]{3, 3});
        double c = Regulation.allowedUtilisation(defaults, false, 40, 3, 2, new int[]{60, 80}, new int[]{3, 3});
        assertEquals(40, a);
        assertEquals(63, b); // floor(80 - 16.67)
        assertEquals(25, c); // 40 - 23.33 = 16.67, raised to the floor 25
        // the split variant (a sensitivity study, not MoCA's rule) halves each cut: 60 - 10 = 50, 80 - 8.33 -> 71, 40 - 11.67 -> 28
        assertEquals(50, Regulation.allowedUtilisation(defaults, false, true, 60, 3, 2, new int[]{80, 40}, new int[]{3, 3}));
        assertEquals(71, Regulation.allowedUtilisation(defaults, false, true, 80, 3, 2, new int[]{60, 40}, new int[]{3, 3}));
        assertEquals(28, Regulation.allowedUtilisation(defaults, false, true, 40, 3, 2, new int[]{60, 80}, new int[]{3, 3}));
    }

    @Test
    void threeTenantsIntendedWeighCoRunnersScores() {
        // W = 5*80 + 2*40 = 480, cut = 30 * 480 / (180 + 480) = 21.82 -> U' = floor(38.18) = 38.
        double u = Regulation.allowedUtilisation(defaults, false, 60, 3, 2, new int[]{80, 40}, new int[]{5, 2});
        assertEquals(38, u);
    }

    @Test
    void asWrittenTheLightestTenantsAreCutHardest() {
        // Four sub-groups publish U = 97, 35, 47, 9 (sum 188, excess 38), all with score 3. As written,
        // a tenant's cut is E x (co-runners' U) / (all U): 97 loses 38 x 91/188 = 18.4 -> 78; 35 loses
        // 38 x 153/188 = 30.9 -> 4, floored to 25; 47 loses 28.5 -> 18, floored to 25; for 9 the
        // floor 25 is above its own U, so it runs unregulated.
        int[] u = {97, 35, 47, 9};
        double[] expected = {78, 25, 25, 25};
        for (int i = 0; i < 4; i++) {
            int[] others = new int[3];
            int j = 0;
            for (int o = 0; o < 4; o++) if (o != i) others[j++] = u[o];
            double asWritten = Regulation.allowedUtilisation(defaults, true, u[i], 3, 3, others, new int[]{3, 3, 3});
            double intended = Regulation.allowedUtilisation(defaults, false, u[i], 3, 3, others, new int[]{3, 3, 3});
            assertEquals(expected[i], asWritten, "tenant " + i);
            assertEquals(asWritten, intended, "equal scores: both weightings agree");
        }
    }

    @Test
    void noContentionAtOrUnderTheBudgetAndTheFloorHolds() {
        assertEquals(Double.POSITIVE_INFINITY,
                Regulation.allowedUtilisation(defaults, true, 70, 3, 2, new int[]{50, 30}, new int[]{1, 1}));
        // U = 30 against 150: E = 30, W = 150, cut = 30 * 150 / (30 + 150) = 25 -> 5, raised to the floor 25.
        assertEquals(25, Regulation.allowedUtilisation(defaults, true, 30, 1, 1, new int[]{150}, new int[]{1}));
    }

    @Test
    void scoreIsPriorityQuarterPlusRoundedRemainingOverSlack() {
        // priority 6: (1 + 6) / 4 = 1; togo 3 M over slack 10 M: round(10 * 0.3) = 3 -> 4
        assertEquals(4, Regulation.score(6, 10e6, 3e6, defaults));
        // priority 11 past its target: (1 + 11) / 4 = 3, slack 10 cycles: round(10 * 3e6 / 10) = 3e6
        assertEquals(3 + 3_000_000, Regulation.score(11, -5, 3e6, defaults));
        // almost done: the second term is at least 1
        assertEquals(0 + 1, Regulation.score(0, 1e9, 1, defaults));
    }

    @Test
    void idealUtilisationIsHundredTimesDramRowsOverPredictedCycles() {
        MocaWork w = MocaWork.standard();
        int alexnet = MocaNetwork.ALEXNET.ordinal();
        int expected = (int) Math.floor(100 * w.fromDramRows2(alexnet, 5) / w.predictedCycles2(alexnet, 5));
        assertEquals(expected, Regulation.idealUtilisation(w, alexnet, 5));
        assertTrue(expected > 50, "AlexNet's FC layers are the memory-heavy ones (the artifact's ~80): " + expected);
    }

    @Test
    void capIsThresholdOverWindowFromTheAllowedUtilisation() {
        MocaWork w = MocaWork.standard();
        int n = MocaNetwork.ALEXNET.ordinal(), l = 5;
        int ownU = Regulation.idealUtilisation(w, n, l);
        int[] othersU = {120};
        double cap = Regulation.capRowsPerCycle(defaults, true, w, n, l, ownU, 3, 1, othersU, new int[]{3});
        double allowed = Regulation.allowedUtilisation(defaults, true, ownU, 3, 1, othersU, new int[]{3});
        int loops = w.loopTiles(n, l, 2);
        double window = Math.min(65_535, Math.floor(100 * w.fromDramRows2(n, l) / allowed / loops));
        double threshold = Math.min(65_535, Math.floor(w.loadRowsPerTile(n, l, 2) / loops));
        assertTrue(allowed < ownU);
        assertEquals(threshold / window, cap, 1e-12);
    }

    @Test
    void unregulatedWhenNotRegulatableOrNoCut() {
        MocaWork w = MocaWork.standard();
        int squeeze = MocaNetwork.SQUEEZENET.ordinal();
        assertEquals(Double.POSITIVE_INFINITY,
                Regulation.capRowsPerCycle(defaults, true, w, squeeze, 3, 100, 1, 1, new int[]{140}, new int[]{1}));
        int resnet = MocaNetwork.RESNET50.ordinal();
        assertFalse(w.regulatable(resnet, 0), "the first layer is never regulated");
        assertFalse(w.regulatable(resnet, 53), "nor ResNet's FC");
        assertTrue(w.regulatable(resnet, 1));
        // a requested utilisation of 0 cannot be cut below itself
        assertEquals(Double.POSITIVE_INFINITY,
                Regulation.capRowsPerCycle(defaults, true, w, resnet, 1, 0, 1, 1, new int[]{200}, new int[]{1}));
    }

    @Test
    void everyThresholdIsANamedBoundedParameter() {
        assertEquals(6, Regulation.SPACE.size());
        Regulation.SPACE.validate("moca", defaults);
    }
}

package dev.cotenant.simulator.multitile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Closed-form checks of the bus rule with contention loss: B = 100 B/s throughout. */
class BandwidthSharingTest {
    static final double B = 100;
    static final double EPS = 1e-9;
    static final int[] TWO = {0, 1};

    @Test
    void zeroLossIsTheIdealMaxMinFairBus() {
        double[] ask = {100, 100};
        double[] grant = new double[2];
        assertEquals(B, BandwidthSharing.share(B, 0, TWO, 2, ask, grant), EPS);
        assertArrayEquals(new double[] {50, 50}, grant, EPS);
    }

    @Test
    void twoIdenticalSaturatingStreamsEachGetHalfOfTheDeliveredBandwidth() {
        // n_eff = 200^2 / (2 x 100^2) = 2; loss 0.25: B_eff(2) = 100 / 1.25 = 80, so 40 each.
        double[] ask = {100, 100};
        double[] grant = new double[2];
        assertEquals(2, BandwidthSharing.effectiveStreams(TWO, 2, ask), EPS);
        assertEquals(80, BandwidthSharing.share(B, 0.25, TWO, 2, ask, grant), EPS);
        assertArrayEquals(new double[] {40, 40}, grant, EPS);
    }

    @Test
    void throttlingAHeavyStreamRaisesWhatTheBusDelivers() {
        // Loss 0.5. Unthrottled: B_eff(2) = 100 / 1.5 = 66.67 in all, 33.33 each.
        // Tenant 0 capped at 25: n_eff = 125^2 / (100^2 + 25^2) = 25/17, B_eff = 100 / (1 + 0.5 x 8/17) = 1700/21 = 80.95;
        // tenant 0 gets its 25, tenant 1 the other 1175/21 = 55.95: the cap created 14.3 B/s, not only moved it.
        double[] grant = new double[2];
        assertEquals(200.0 / 3, BandwidthSharing.share(B, 0.5, TWO, 2, new double[] {100, 100}, grant), EPS);
        assertEquals(25.0 / 17, BandwidthSharing.effectiveStreams(TWO, 2, new double[] {25, 100}), EPS);
        assertEquals(1700.0 / 21, BandwidthSharing.share(B, 0.5, TWO, 2, new double[] {25, 100}, grant), EPS);
        assertArrayEquals(new double[] {25, 1175.0 / 21}, grant, EPS);
    }

    @Test
    void asksBelowTheDeliveredBandwidthAreMetInFull() {
        // Two streams of 30: B_eff(2) at loss 0.5 is 66.67 >= 60, so the loss costs nobody anything.
        double[] grant = new double[2];
        BandwidthSharing.share(B, 0.5, TWO, 2, new double[] {30, 30}, grant);
        assertArrayEquals(new double[] {30, 30}, grant, EPS);
    }

    @Test
    void aLoneStreamLosesNothing() {
        double[] grant = new double[1];
        assertEquals(B, BandwidthSharing.share(B, 1, new int[] {0}, 1, new double[] {100}, grant), EPS);
        assertEquals(B, grant[0], EPS);
    }

    @Test
    void defaultLossReachesTheAllConflictBoundAtEightStreams() {
        // The calibration of MultiTileHardware's default: 8 equal streams get 2/3 of the pins (16 -> 10.7 GB/s).
        MultiTileHardware hw = MultiTileHardware.moca();
        assertEquals(16e9 / 1.49, hw.deliveredBytesPerSecond(8), 1e3);
        assertEquals(16e9 / 1.07, hw.deliveredBytesPerSecond(2), 1e3);
    }
}

package dev.cotenant.search.optimal.multitile;

import dev.cotenant.simulator.multitile.MocaWorkloads;
import dev.cotenant.simulator.multitile.MultiTileHardware;
import dev.cotenant.simulator.multitile.MultiTileTrace;
import dev.cotenant.simulator.multitile.MultiTileWorkload;
import dev.cotenant.simulator.workload.scenario.Scenario;
import dev.cotenant.simulator.workload.scenario.Scenarios;

/** Small MoCA instances: the first requests of a seeded trace of one of the nine (set, QoS) scenarios, at its own load. */
final class TinyInstances {
    private static final MultiTileWorkload[] WORKLOADS = new MultiTileWorkload[9];

    static final double LOAD = 2.5;

    private TinyInstances() {}

    /**
     * Instance {@code i}: scenario {@code i mod 9}, trace seed {@code 100 + i}, at offered load
     * {@value #LOAD}: a handful of requests at the scenarios' own load (0.8) rarely overlap, so
     * they would test nothing.
     */
    static MultiTileTrace moca(int i, int requests) {
        int cell = Math.floorMod(i, 9);
        MocaWorkloads.WorkloadSet set = MocaWorkloads.WorkloadSet.values()[cell / 3];
        Scenarios.QoS qos = Scenarios.QoS.values()[cell % 3];
        Scenario scenario = MocaWorkloads.scenario(set, qos);
        synchronized (WORKLOADS) {
            if (WORKLOADS[cell] == null) WORKLOADS[cell] = MocaWorkloads.dense(MultiTileHardware.moca(), scenario);
        }
        return MocaWorkloads.trace(WORKLOADS[cell], scenario, requests, LOAD, 100 + i);
    }
}

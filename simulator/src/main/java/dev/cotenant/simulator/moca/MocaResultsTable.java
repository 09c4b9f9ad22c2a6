package dev.cotenant.simulator.moca;

import java.util.Locale;

/**
 * Prints every policy's MoCA metrics on the nine artifact scenarios under both runtimes, as a
 * markdown table (published parameters). Run:
 * {@code java -cp simulator/target/classes dev.cotenant.simulator.moca.MocaResultsTable}.
 * The time column is one warm run on this machine (the JMH benchmark is the speed reference).
 */
public final class MocaResultsTable {
    private MocaResultsTable() {}

    public static void main(String[] args) {
        MocaRuntime runtime = new MocaRuntime();
        MocaOutcome out = new MocaOutcome();
        System.out.println("| scenario | policy | runtime | SLA | SLA 0-2 / 3-8 / 9-11 | STP as written | STP corrected | STP per request"
                + " | fairness as written | fairness corrected | fairness per request | ms per run |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String scenario : MocaTraces.scenarioNames()) {
            MocaTrace trace = MocaTraces.scenario(scenario);
            for (String policy : MocaPolicies.names()) {
                for (boolean artifact : new boolean[]{false, true}) {
                    double[] params = MocaPolicies.defaults(policy);
                    runtime.run(policy, params, trace, artifact, out);
                    long t0 = System.nanoTime();
                    runtime.run(policy, params, trace, artifact, out);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    MocaMetrics m = MocaMetrics.of(trace, out);
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %.3f | %.2f / %.2f / %.2f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.0f |%n",
                            scenario, policy, artifact ? "artifact" : "physical", m.sla(), m.slaLowPriority(), m.slaMidPriority(),
                            m.slaHighPriority(), m.stpAsWritten(), m.stpCorrected(), m.stpPerRequest(),
                            m.fairnessAsWritten(), m.fairnessCorrected(), m.fairnessPerRequest(), ms);
                }
            }
        }
    }
}

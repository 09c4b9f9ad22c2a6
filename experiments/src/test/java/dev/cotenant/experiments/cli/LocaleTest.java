package dev.cotenant.experiments.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Printed numbers do not follow the machine's locale: under German defaults {@code %.3f} writes
 * {@code 0,500}, which scripts reading {@code seconds=} or a table column cannot parse.
 * Isolated: it changes the JVM's default locale for its duration.
 */
@Isolated
class LocaleTest {
    @TempDir Path dir;

    @Test
    void simulateAndBenchPrintDecimalPointsUnderAGermanDefaultLocale() throws Exception {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            Path latencyDir = CliTest.writeLatencyDirectory(dir);
            CliTest.Result simulate = CliTest.cotenant("simulate", "--latency-dir", latencyDir.toString(), "--rate", "20", "--requests", "40",
                    "--slo-mult", "3", "--seed", "5", "--schedulers", "fcfs", "--out", dir.resolve("out").toString());
            assertEquals(0, simulate.status(), simulate.err());
            // the table row: "fcfs  40  <violation rate> <antt> ..." with every number written with a point
            String row = simulate.out().lines().filter(l -> l.startsWith("fcfs ")).findFirst().orElseThrow();
            for (String field : row.trim().split("\\s+")) assertFalse(field.matches("-?\\d+,\\d+"), row);
            assertTrue(row.matches(".*\\d\\.\\d.*"), row);

            CliTest.Result bench = CliTest.cotenant("bench", "--latency-dir", latencyDir.toString(), "--requests", "50", "--rate", "20",
                    "--warmup", "0", "--seconds", "0.2");
            assertEquals(0, bench.status(), bench.err());
            String timing = bench.out().lines().filter(l -> l.startsWith("rounds=")).findFirst().orElseThrow();
            assertTrue(timing.matches("rounds=\\d+ layer_steps=\\d+ seconds=\\d+\\.\\d{3}"), timing);
        } finally {
            Locale.setDefault(before);
        }
    }
}

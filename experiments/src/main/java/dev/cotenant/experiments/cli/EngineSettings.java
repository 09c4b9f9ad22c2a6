package dev.cotenant.experiments.cli;

import dev.cotenant.experiments.runner.SweepEngine;
import picocli.CommandLine.Option;

/** {@code --engine} and {@code --master}: where a command's sweep points are evaluated; the rows do not depend on it. */
public final class EngineSettings {
    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = SweepEngine.LOCAL,
            description = "Where points are evaluated: local (this JVM's threads, default) or spark (Apache Spark; embedded "
                    + "local[*] unless --master; docs/distributed.md). The rows do not depend on it.")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master for --engine spark: local[N], spark://HOST:7077, "
            + "k8s://...; default local[*], or spark-submit's --master.")
    String master;

    /** The engine asked for; called before any folder is made, so an unknown engine or a stray --master writes nothing. */
    SweepEngine sweepEngine() {
        return SweepEngine.named(engine, master);
    }
}

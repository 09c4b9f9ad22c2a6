package dev.cotenant.experiments.runner;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;

/**
 * Points done and ETA. On a terminal, a redrawn ASCII bar the library draws straight on stderr (the terminal);
 * otherwise (stderr piped or redirected for CI logs, a test) one plain line per update every few seconds
 * on the run's log, since the bar's carriage returns would pile up into one unreadable line.
 */
class SweepProgress implements AutoCloseable {
    static final SweepProgress NONE = new SweepProgress(null);

    private final ProgressBar bar;

    private SweepProgress(ProgressBar bar) { this.bar = bar; }

    static SweepProgress start(String task, int total, int alreadyDone, java.io.PrintStream log) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" points", 1)
                .showSpeed().startsFrom(alreadyDone, Duration.ZERO).setStyle(ProgressBarStyle.ASCII);
        if (System.console() == null) {
            builder.setConsumer(new DelegatingProgressBarConsumer(log::println, 100)).setUpdateIntervalMillis(5000);
        }
        return new SweepProgress(builder.build());
    }

    void advance(int points) { if (bar != null) bar.stepBy(points); }

    @Override
    public void close() { if (bar != null) bar.close(); }
}

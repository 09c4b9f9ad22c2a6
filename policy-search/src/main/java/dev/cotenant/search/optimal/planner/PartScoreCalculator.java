package dev.cotenant.search.optimal.planner;

import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import org.optaplanner.core.api.score.calculator.IncrementalScoreCalculator;

/**
 * Scores an order by running the kernel on its busy period only (never the whole trace), through
 * the part's memo: a move and its undo cost one kernel run of the period, and orders seen before
 * cost a lookup. The list-change callbacks carry no information we can use more cheaply than a
 * re-run (one order change can move every later layer), so they only mark the score stale.
 */
public final class PartScoreCalculator implements IncrementalScoreCalculator<PartSchedule, HardSoftLongScore> {
    private PartSchedule schedule;

    @Override public void resetWorkingSolution(PartSchedule workingSolution) { schedule = workingSolution; }
    @Override public void beforeEntityAdded(Object entity) {}
    @Override public void afterEntityAdded(Object entity) {}
    @Override public void beforeVariableChanged(Object entity, String variableName) {}
    @Override public void afterVariableChanged(Object entity, String variableName) {}
    @Override public void beforeEntityRemoved(Object entity) {}
    @Override public void afterEntityRemoved(Object entity) {}

    @Override
    public HardSoftLongScore calculateScore() {
        return schedule.context().score(schedule.localSequence());
    }
}

package dev.cotenant.search.optimal.planner;

import org.optaplanner.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import org.optaplanner.core.api.score.calculator.IncrementalScoreCalculator;

/**
 * Scores an order by running the kernel on its busy period only (never the whole trace), and there
 * only on the stretch the move can change: the evaluator's part trajectory finds it by comparing
 * the order with the one it last ran through (see {@code FixedOrderTrajectory}). The list-change
 * callbacks are therefore not needed. Per move it allocates only the score object OptaPlanner
 * keeps: the order is read into reused arrays.
 */
public final class PartScoreCalculator implements IncrementalScoreCalculator<PartSchedule, HardMediumSoftLongScore> {
    private PartSchedule schedule;
    private int[] order = new int[0];
    private boolean[] seen = new boolean[0];
    private final double[] cost = new double[3];

    @Override
    public void resetWorkingSolution(PartSchedule workingSolution) {
        schedule = workingSolution;
        int n = workingSolution.getRequests().size();
        if (order.length != n) {
            order = new int[n];
            seen = new boolean[n];
        }
    }
    @Override public void beforeEntityAdded(Object entity) {}
    @Override public void afterEntityAdded(Object entity) {}
    @Override public void beforeVariableChanged(Object entity, String variableName) {}
    @Override public void afterVariableChanged(Object entity, String variableName) {}
    @Override public void beforeEntityRemoved(Object entity) {}
    @Override public void afterEntityRemoved(Object entity) {}

    @Override
    public HardMediumSoftLongScore calculateScore() {
        schedule.localSequence(order, seen);
        return schedule.context().score(order, cost);
    }
}

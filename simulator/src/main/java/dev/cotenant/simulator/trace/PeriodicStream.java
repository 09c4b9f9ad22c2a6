package dev.cotenant.simulator.trace;

/**
 * One model's stream of frames in a periodic workload.
 *
 * @param model              latency-directory model name the frames run
 * @param framesPerSecond    nominal frame rate, finite and > 0 (scaled by the generator's rate scale)
 * @param phaseSeconds       arrival of frame 0, >= 0
 * @param jitterPeriods      each arrival is late by a uniform draw in {@code [0, jitter x period)}; in [0, 1)
 * @param triggerProbability share of frames that run the model (event-driven models, e.g. speech
 *                           recognition after a detected keyword); in (0, 1], 1 for every frame
 * @param deadlinePeriods    relative deadline in periods (1: the next frame), > 0; for a chain it is
 *                           end to end, counted from the frame's arrival
 * @param after              the model this one waits for in each frame (a chain), or null; it must
 *                           be an earlier stream with the same frame rate, and its phase and jitter apply
 * @param priority           the requests' priority, > 0
 */
public record PeriodicStream(String model, double framesPerSecond, double phaseSeconds, double jitterPeriods,
                             double triggerProbability, double deadlinePeriods, String after, double priority) {

    /** A stream of every frame at {@code framesPerSecond}, deadline the next frame, priority 1. */
    public static PeriodicStream every(String model, double framesPerSecond) {
        return new PeriodicStream(model, framesPerSecond, 0, 0, 1, 1, null, 1);
    }

    /** This stream waiting for {@code predecessor} in each frame. */
    public PeriodicStream after(String predecessor) {
        return new PeriodicStream(model, framesPerSecond, phaseSeconds, jitterPeriods, triggerProbability, deadlinePeriods, predecessor, priority);
    }

    /** This stream run on a share {@code probability} of its frames. */
    public PeriodicStream triggered(double probability) {
        return new PeriodicStream(model, framesPerSecond, phaseSeconds, jitterPeriods, probability, deadlinePeriods, after, priority);
    }

    public PeriodicStream withPhase(double seconds) {
        return new PeriodicStream(model, framesPerSecond, seconds, jitterPeriods, triggerProbability, deadlinePeriods, after, priority);
    }

    public PeriodicStream withJitter(double periods) {
        return new PeriodicStream(model, framesPerSecond, phaseSeconds, periods, triggerProbability, deadlinePeriods, after, priority);
    }

    public PeriodicStream withDeadline(double periods) {
        return new PeriodicStream(model, framesPerSecond, phaseSeconds, jitterPeriods, triggerProbability, periods, after, priority);
    }
}

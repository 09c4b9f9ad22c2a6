package dev.cotenant.search.optimal.moca;

/**
 * What is proven about a best plan's priority-weighted misses: the bound valid for every schedule
 * ({@link MissBound}) and the CP-SAT bound valid for every run on 2-tile sub-groups of the plan's
 * executor ({@link PlanBound}, covering every plan of the searched family). The family's certified
 * lower bound is the larger of the two; the best plan is proven optimal over every schedule when it
 * meets {@link MissBound}, over the plan family when it meets the family bound, else bracketed.
 */
public record MocaCertificate(long bestWeightedMisses, MissBound.Result everySchedule, PlanBound.Result planFamily) {
    public enum Proven { EVERY_SCHEDULE, PLAN_FAMILY, NO }

    /** Lower bound on every plan of the family (and every run of its executor on 2-tile sub-groups). */
    public long familyLowerBound() { return Math.max(everySchedule.weightedMisses(), planFamily.weightedMisses()); }

    /** Best found minus the family's certified lower bound (0 = proven). */
    public long gap() { return bestWeightedMisses - familyLowerBound(); }

    public Proven proven() {
        if (bestWeightedMisses <= everySchedule.weightedMisses()) return Proven.EVERY_SCHEDULE;
        if (bestWeightedMisses <= familyLowerBound()) return Proven.PLAN_FAMILY;
        return Proven.NO;
    }

    /** One column value: "every schedule", "plan family", "no". */
    public String provenWords() {
        return switch (proven()) {
            case EVERY_SCHEDULE -> "every schedule";
            case PLAN_FAMILY -> "plan family";
            case NO -> "no";
        };
    }

    /** The certificate in words. */
    public String words() {
        return switch (proven()) {
            case EVERY_SCHEDULE -> "weighted misses " + bestWeightedMisses + ": proven optimal over every schedule (bound " + everySchedule.weightedMisses() + ")";
            case PLAN_FAMILY -> "weighted misses " + bestWeightedMisses + ": proven optimal over every run of " + planFamily.executor()
                    + " on 2-tile sub-groups (CP-SAT plan bound " + planFamily.weightedMisses() + ", " + planFamily.status() + ")";
            case NO -> "weighted misses bracketed [" + familyLowerBound() + ", " + bestWeightedMisses + "] over every run of " + planFamily.executor()
                    + " on 2-tile sub-groups (CP-SAT plan bound " + planFamily.weightedMisses() + ", " + planFamily.status() + ")";
        };
    }
}

package dev.cotenant.simulator.workload.cost;

import dev.cotenant.simulator.BadInputException;

/** Checks on hardware parameters, one line each naming the parameter, so the CLI can exit 2 with it. */
final class HardwareParameters {
    private HardwareParameters() {}

    static void requireAtLeastOne(String name, long value) {
        if (value < 1) throw BadInputException.at(name, "must be at least 1, got " + value);
    }

    static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) throw BadInputException.at(name, "must be positive and finite, got " + value);
    }

    static void requireFraction(String name, double value) {
        if (!(value > 0 && value <= 1)) throw BadInputException.at(name, "must be in (0, 1], got " + value);
    }

    static void requireNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) throw BadInputException.at(name, "must be finite and >= 0, got " + value);
    }

    static void requireSparsity(String name, double value) {
        if (!(value >= 0 && value < 1)) throw BadInputException.at(name, "must be in [0, 1), got " + value);
    }
}

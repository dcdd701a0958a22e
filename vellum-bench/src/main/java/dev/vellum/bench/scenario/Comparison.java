package dev.vellum.bench.scenario;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One row of the table: a Vellum workload beside the raw baseline it is judged against.
 *
 * @param scenario the scenario the row belongs to, the name {@code --scenario} selects
 * @param label what the row measures, in words
 * @param vellum the Vellum side, or empty when no store that can run it is wired in
 * @param baseline the raw side
 * @param goal the ratio Vellum should reach (0.8 for 80% of the baseline), if there is one
 */
public record Comparison(
        String scenario, String label, Optional<Workload> vellum, Workload baseline, OptionalDouble goal) {

    /** Checks that nothing is missing. */
    public Comparison {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(vellum, "vellum");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(goal, "goal");
    }
}

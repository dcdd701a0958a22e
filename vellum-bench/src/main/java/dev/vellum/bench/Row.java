package dev.vellum.bench;

import dev.vellum.bench.scenario.Comparison;
import java.util.Optional;

/**
 * A measured row of the table.
 *
 * @param comparison what was compared
 * @param vellum the Vellum side's figures, empty when it was not run
 * @param baseline the raw side's figures
 */
public record Row(Comparison comparison, Optional<Measurement> vellum, Measurement baseline) {

    /** Vellum's median throughput over the baseline's, when Vellum ran. */
    public Optional<Double> ratio() {
        return vellum.map(v -> v.median() / baseline.median());
    }
}

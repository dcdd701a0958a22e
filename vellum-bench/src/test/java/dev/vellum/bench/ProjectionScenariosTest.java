package dev.vellum.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.bench.scenario.BenchOptions;
import dev.vellum.bench.store.VellumTargets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the projection scenarios with {@code --quick}, to prove they run and print sound rows; no timing asserted. */
class ProjectionScenariosTest {

    @TempDir
    Path directory;

    @Test
    void theCatchUpRowComparesWithARawScanOfTheSameLog() throws Exception {
        String[] row = onlyRow(Scenarios.PROJECTION_CATCH_UP);
        assertThat(row[0]).startsWith("projection catch-up of 20,000 events");
        assertThat(rate(row[1])).isPositive();
        assertThat(row[2]).contains("raw scan");
        assertThat(row[3]).matches("\\d+% \\(goal ≥ 33%\\)");
    }

    @Test
    void theLatencyRowReportsPercentilesFromTheSlots() throws Exception {
        String[] row = onlyRow(Scenarios.PROJECTION_LATENCY);
        assertThat(row[0]).startsWith("append → visible read-model row, 1000 appends/s");
        assertThat(rate(row[1])).isPositive();
        assertThat(row[4]).matches("Vellum .+ / .+; raw .+ / .+");
    }

    private String[] onlyRow(String scenario) throws Exception {
        BenchOptions options = BenchOptions.parse("--quick", "--scenario", scenario, "--runs", "1",
                "--dir", directory.toString());
        String table = BenchMain.run(options, VellumTargets.available(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        List<String[]> rows = table.lines()
                .filter(line -> line.startsWith("| ") && !line.startsWith("| scenario"))
                .map(line -> Arrays.stream(line.split("\\|")).map(String::strip).skip(1).toArray(String[]::new))
                .toList();
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    private static long rate(String cell) {
        return Long.parseLong(cell.split(" ")[0].replace(",", ""));
    }
}

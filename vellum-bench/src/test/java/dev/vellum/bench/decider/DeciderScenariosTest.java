package dev.vellum.bench.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.bench.BenchMain;
import dev.vellum.bench.scenario.BenchOptions;
import dev.vellum.bench.store.VellumTargets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the decider scenarios through the real runner in quick mode; asserts rows, not timings. */
class DeciderScenariosTest {

    @TempDir
    Path directory;

    private List<String> rows(String scenario) throws Exception {
        BenchOptions options = BenchOptions.parse("--quick", "--scenario", scenario, "--runs", "1",
                "--dir", directory.toString());
        String table = BenchMain.run(options, VellumTargets.available(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return table.lines().filter(line -> line.startsWith("| ") && !line.startsWith("| scenario")).toList();
    }

    @Test
    void aggregateLoadsRunBesideARawStreamRead() throws Exception {
        List<String> rows = rows(DeciderScenarios.AGGREGATE_LOAD);
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).startsWith("| load 10-event aggregate, no snapshot vs raw stream read | ")
                .contains("(raw stream read 10)");
        assertThat(rows.get(3)).startsWith("| load 1,000-event aggregate, snapshot every 100 vs raw stream read | ");
        assertThat(rows).allSatisfy(row -> assertThat(row).doesNotContain("| — |").contains("Vellum "));
    }

    @Test
    void commandsRunOnDistinctAndOnHotAggregates() throws Exception {
        List<String> rows = rows(DeciderScenarios.COMMANDS);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("distinct aggregates (FULL) vs raw single").contains("(raw single FULL)");
        assertThat(rows.get(1)).contains("8 hot aggregates (FULL) vs raw single");
        assertThat(rows).allSatisfy(row -> assertThat(row).doesNotContain("| — |").contains("Vellum "));
    }
}

package dev.vellum.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.bench.http.HttpScenarios;
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

/** Runs the HTTP API's scenarios with {@code --quick}, to prove they run against a real server and print sound rows; no timing asserted. */
class HttpScenariosTest {

    @TempDir
    Path directory;

    @Test
    void appendsOverHttpAreComparedWithAppendAsyncInProcess() throws Exception {
        String[] row = rows(HttpScenarios.APPEND).getFirst();
        assertThat(row[0]).startsWith("64 HTTP keep-alive clients × 1 event (FULL)");
        assertThat(rate(row[1])).isPositive();
        assertThat(row[2]).contains("appendAsync in flight");
        assertThat(row[3]).matches("\\d+% \\(goal ≥ 50%\\)");
    }

    @Test
    void pagesOfAStreamAndOfTheLogAreReadOverHttp() throws Exception {
        List<String[]> rows = rows(HttpScenarios.PAGES);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)[0]).startsWith("1,000-event stream page over HTTP");
        assertThat(rows.get(1)[0]).startsWith("1,000-event log page over HTTP");
        rows.forEach(row -> assertThat(rate(row[1])).isPositive());
    }

    @Test
    void theFeedRowReportsLatenciesTheSseClientMeasured() throws Exception {
        String[] row = rows(HttpScenarios.FEED).getFirst();
        assertThat(row[0]).startsWith("append → SSE client");
        assertThat(row[4]).matches("Vellum .+ / .+; raw .+ / .+").doesNotStartWith("Vellum 0 ns");
    }

    @Test
    void theConsolesPagesAreReadOverHttpBesideTheirReadsInProcess() throws Exception {
        List<String[]> rows = rows(HttpScenarios.CONSOLE);
        assertThat(rows).extracting(row -> row[0]).satisfiesExactly(
                label -> assertThat(label).startsWith("console overview page (shell and API calls) over HTTP"),
                label -> assertThat(label).startsWith("console streams page"),
                label -> assertThat(label).startsWith("console stream page"));
        rows.forEach(row -> assertThat(rate(row[1])).isPositive());
        rows.forEach(row -> assertThat(row[4]).matches("Vellum .+ / .+; raw .+ / .+"));
    }

    private List<String[]> rows(String scenario) throws Exception {
        BenchOptions options = BenchOptions.parse("--quick", "--scenario", scenario, "--runs", "1",
                "--dir", directory.toString());
        String table = BenchMain.run(options, VellumTargets.available(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return table.lines()
                .filter(line -> line.startsWith("| ") && !line.startsWith("| scenario"))
                .map(line -> Arrays.stream(line.split("\\|")).map(String::strip).skip(1).toArray(String[]::new))
                .toList();
    }

    private static long rate(String cell) {
        return Long.parseLong(cell.split(" ")[0].replace(",", ""));
    }
}

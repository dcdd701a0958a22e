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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs the real runner on the smallest scenario, to prove the whole path prints a sound table. */
class BenchMainTest {

    @TempDir
    Path directory;

    @Test
    void aQuickRunOfOneScenarioPrintsItsRowsWithPositiveFigures() throws Exception {
        BenchOptions options = BenchOptions.parse("--quick", "--scenario", Scenarios.READ_ALL, "--runs", "2",
                "--dir", directory.toString());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        String table = BenchMain.run(options, VellumTargets.available(), new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(table).startsWith("Vellum bench ").contains("cores", "JDK ", "QUICK SMOKE RUN");
        List<String[]> rows = table.lines()
                .filter(line -> line.startsWith("| ") && !line.startsWith("| scenario"))
                .map(line -> Arrays.stream(line.split("\\|")).map(String::strip).skip(1).toArray(String[]::new))
                .toList();
        assertThat(rows).extracting(cells -> cells[0]).containsExactly("read global log + deserialize vs raw scan");
        String[] row = rows.getFirst();
        assertThat(rate(row[1])).isPositive();
        assertThat(rate(row[2])).isPositive();
        assertThat(row[3]).matches("\\d+% \\(goal ≥ 50%\\)");
        assertThat(row[2]).contains("raw scan");
        assertThat(row[5]).startsWith("2 runs: ");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("Vellum read", "raw scan", "warm-up", "run 2/2");
    }

    @ParameterizedTest
    @CsvSource({
        "pg-append-100, peer Axon 4 JdbcEventStorageEngine 100-event appendEvents",
        "pg-read-all, peer Axon 4 JdbcEventStorageEngine readEvents",
        "pg-load-10k, peer Axon 4 JdbcEventStorageEngine readEvents(aggregate)",
        "pg-commands-64, peer Axon 4 command bus 64 clients distinct",
        "pg-catch-up-100k, peer Axon 4 TrackingEventProcessor"
    })
    void theAxonPeerRowOfAPostgresScenarioHasPositiveFigures(String scenario, String peerName) throws Exception {
        BenchOptions options = BenchOptions.parse("--quick", "--scenario", scenario, "--runs", "1",
                "--dir", directory.toString());

        String table = BenchMain.run(options, VellumTargets.available(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        String[] peer = table.lines()
                .filter(line -> line.startsWith("| ") && line.contains("vs peer Axon 4"))
                .map(line -> Arrays.stream(line.split("\\|")).map(String::strip).skip(1).toArray(String[]::new))
                .findFirst().orElseThrow(() -> new AssertionError("no peer row in\n" + table));
        assertThat(rate(peer[1])).isPositive();
        assertThat(rate(peer[2])).isPositive();
        assertThat(peer[2]).endsWith("(" + peerName + ")");
        assertThat(peer[5]).contains("peer ");
    }

    @Test
    void theConcurrentPostgresScenarioMeasuresItsShapesRawCeilingAndAppendAsync() throws Exception {
        BenchOptions options = BenchOptions.parse("--quick", "--scenario", "pg-append-64", "--runs", "1",
                "--dir", directory.toString());

        String table = BenchMain.run(options, VellumTargets.available(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        List<String[]> ceilings = table.lines()
                .filter(line -> line.startsWith("| ") && line.contains("raw ceiling"))
                .map(line -> Arrays.stream(line.split("\\|")).map(String::strip).skip(1).toArray(String[]::new))
                .toList();
        assertThat(ceilings).extracting(cells -> cells[2].replaceAll("^[\\d,]+ ", "")).containsExactly(
                "(raw pg group commit, 64 callers → 1 connection)", "(raw pg group commit, 64 callers → 2 connections)");
        assertThat(ceilings).allSatisfy(cells -> {
            assertThat(rate(cells[1])).isPositive();
            assertThat(rate(cells[2])).isPositive();
            assertThat(cells[4]).startsWith("Vellum ").contains("; raw ");
        });
        String[] async = table.lines().filter(line -> line.startsWith("| 64 appendAsync in flight"))
                .map(line -> Arrays.stream(line.split("\\|")).map(String::strip).skip(1).toArray(String[]::new))
                .findFirst().orElseThrow(() -> new AssertionError("no appendAsync row in\n" + table));
        assertThat(rate(async[1])).isPositive();
        assertThat(async[2]).endsWith("(raw pg batched × 16)");
    }

    /** The leading figure of a cell such as {@code 412,345 (raw scan)}. */
    private static long rate(String cell) {
        return Long.parseLong(cell.split(" ")[0].replace(",", ""));
    }
}

package dev.vellum.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.bench.kafka.BenchBroker;
import dev.vellum.bench.kafka.KafkaScenarios;
import dev.vellum.bench.scenario.BenchOptions;
import dev.vellum.bench.store.VellumTargets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the inbox rows with {@code --quick} against the bench's broker, to prove they run and print sound rows; no timing asserted. */
class KafkaScenariosTest {

    @TempDir
    Path directory;

    @AfterAll
    static void stopBroker() {
        BenchBroker.stop();
    }

    @Test
    void theInboxRowsCompareWithARawConsumerLoopOnSqliteAndPostgres() throws Exception {
        BenchOptions options = BenchOptions.parse("--quick", "--scenario", KafkaScenarios.INBOX, "--runs", "1",
                "--dir", directory.toString());
        String table = BenchMain.run(options, VellumTargets.available(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        List<String[]> rows = table.lines()
                .filter(line -> line.startsWith("| ") && !line.startsWith("| scenario"))
                .map(line -> Arrays.stream(line.split("\\|")).map(String::strip).skip(1).toArray(String[]::new))
                .toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)[0]).startsWith("inbox from a topic of 2,000 records, 3 partitions, into SQLite");
        assertThat(rows.get(1)[0]).contains("into PostgreSQL");
        for (String[] row : rows) {
            assertThat(Long.parseLong(row[1].replace(",", ""))).as(row[0]).isPositive();
            assertThat(row[2]).contains("raw consumer loop");
            assertThat(row[3]).matches("\\d+% \\(goal ≥ 50%\\)");
        }
    }
}

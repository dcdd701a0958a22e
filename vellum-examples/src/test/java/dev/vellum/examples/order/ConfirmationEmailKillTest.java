package dev.vellum.examples.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.time.VellumClock;
import dev.vellum.timer.sql.SqlTimerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 6 against real crashes: a process placing orders while the confirmation-email reactor
 * runs is killed with SIGKILL at random moments, again and again, on the same files. Afterwards,
 * with the reactor run to completion, every placed order has exactly one recorded outcome, every
 * recorded email was really attempted with its key, and no key was used for anything else.
 */
class ConfirmationEmailKillTest {

    private static final int KILLS = 6;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void killedAgainAndAgainEachOrderGetsItsEmailRecordedOnce() throws Exception {
        Random random = new Random();
        for (int round = 1; round <= KILLS; round++) {
            Path log = dir.resolve("child-" + round + ".log");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    EmailCrashChild.class.getName(), dir.toString(), "r" + round)
                    .redirectError(log.toFile()).redirectOutput(dir.resolve("child-" + round + ".out").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (placed(round) < 3 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(placed(round)).as("the child placed orders; its log:%n%s", Files.readString(log)).isGreaterThan(0);
            Thread.sleep(random.nextInt(400));
            child.destroyForcibly();
            child.waitFor();
        }

        List<String> calls = Files.readAllLines(dir.resolve("mail-calls.log")).stream()
                .filter(l -> l.startsWith("CALL ")).map(l -> l.substring(5)).toList();
        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("events.db"));
             SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read.db"))) {
            CheckpointStore<SqlContext> checkpoints = readModel;
            List<String> laterCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (RunningReactor emails = ConfirmationEmails.reactor((to, subject, body, key) -> {
                laterCalls.add(key);
                return "msg";
            }, VellumClock.system(), Duration.ofMillis(10)).start(store, checkpoints, new SqlTimerStore(readModel))) {
                List<RecordedEvent> orders = read(store, "order");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (read(store, "confirmationemail").size() < orders.size() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                List<RecordedEvent> outcomes = read(store, "confirmationemail");
                Map<String, Long> perOrder = outcomes.stream().collect(Collectors.groupingBy(
                        e -> e.stream().value().substring("confirmationemail-".length()), Collectors.counting()));
                Set<String> orderIds = orders.stream().map(e -> e.stream().value().substring("order-".length()))
                        .collect(Collectors.toSet());
                assertThat(perOrder.keySet()).as("every placed order has an outcome").isEqualTo(orderIds);
                assertThat(perOrder.values()).as("each outcome is recorded once").containsOnly(1L);

                List<String> allCalls = new ArrayList<>(calls);
                allCalls.addAll(laterCalls);
                Set<String> keys = Set.copyOf(allCalls);
                assertThat(keys).as("one key per order").hasSize(orderIds.size());
                for (RecordedEvent outcome : outcomes) {
                    if (outcome.type().equals("ConfirmationEmailSent")) {
                        assertThat(allCalls).as("the email recorded as sent was attempted")
                                .contains(outcome.metadata().header("$effect"));
                    }
                }
            }
        }
    }

    private int placed(int round) throws IOException {
        Path out = dir.resolve("child-" + round + ".out");
        return Files.exists(out) ? (int) Files.readAllLines(out).stream().filter(l -> l.endsWith(" END")).count() : 0;
    }

    private static List<RecordedEvent> read(SqliteEventStore store, String category) {
        List<RecordedEvent> all = new ArrayList<>();
        Position after = Position.START;
        for (List<RecordedEvent> page = store.readAll(after, LogFilter.categories(category), 1_000); !page.isEmpty();
                page = store.readAll(after, LogFilter.categories(category), 1_000)) {
            all.addAll(page);
            after = page.getLast().position();
        }
        return all;
    }
}

package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several nodes, a process manager: three application instances (child JVMs) run the
 * {@link PgRounds} process under a lease while rounds are started. When the owner is killed with
 * SIGKILL, another takes over within seconds; the durable timers the killed owner set fire on the
 * new owner, and in the end every round completed exactly once: one start, one answer command, one
 * close, however the kill cut through a round.
 */
class ProcessFailoverTest {

    private static final long TTL_MS = 2_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void whenTheOwnerIsKilledAnotherInstanceFiresItsTimersAndEveryRoundCompletesOnce() throws Exception {
        String schema = TestDatabase.freshSchema();
        String readSchema = schema + "_read";
        AtomicBoolean appending = new AtomicBoolean(true);
        AtomicLong pinged = new AtomicLong();
        try (PostgresEventStore store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).open();
                HikariDataSource readPool = TestDatabase.dataSourceIn(readSchema, 4);
                LeaseInstances instances = new LeaseInstances(dir)) {
            PostgresReadModel.open(readPool).close(); // the schema's tables exist before the children race for them
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; appending.get(); i++) {
                    store.append(StreamId.of("ping", "r" + i), ExpectedRevision.noStream(), PgRounds.ping("r" + i));
                    pinged.incrementAndGet();
                    LeaseInstances.sleep(50);
                }
            });
            try {
                instances.start(3, "process", schema, readSchema, TTL_MS);
                LeaseInstances.Instance owner = instances.awaitOwner();
                // timers the owner set that cannot fire before the kill, which comes next
                LeaseInstances.await("the owner set timers", () -> !timersDueLater(readSchema, 500).isEmpty());
                List<String> setByTheKilledOwner = timersDueLater(readSchema, 500);

                long killedAt = System.currentTimeMillis();
                LeaseInstances.TakeOver takeOver = instances.killAndAwaitSuccessor(owner);
                assertThat(takeOver.millis()).as("take-over time").isLessThan(2 * TTL_MS + 2_000);

                Thread.sleep(1_000);
                appending.set(false);
                writer.join();
                long rounds = pinged.get();
                LeaseInstances.await("every round closed", () -> events(schema, "Closed") >= rounds);
                LeaseInstances.await("every timer is done", () -> LeaseInstances.count("SELECT count(*) FROM " + readSchema
                        + ".vellum_timers WHERE state <> 'FIRED'") == 0);
                instances.assertIdleExcept(owner, takeOver.successor());
                System.out.printf("%d rounds; %d timers set by the killed owner fired on its successor%n", rounds,
                        setByTheKilledOwner.size());

                assertThat(LeaseInstances.count("SELECT count(*) FROM " + readSchema + ".vellum_timers WHERE state = 'FIRED'"
                        + " AND ended_at >= " + killedAt + " AND id IN ('" + String.join("', '", setByTheKilledOwner) + "')"))
                        .as("the killed owner's timers fired after the kill").isEqualTo(setByTheKilledOwner.size());
                for (String type : List.of("Started", "Answered", "Closed", "Pong")) {
                    assertThat(events(schema, type)).as("%s events", type).isEqualTo(rounds);
                    assertThat(LeaseInstances.count("SELECT count(DISTINCT stream) FROM " + schema + ".events WHERE type = '"
                            + type + "'")).as("one %s per round", type).isEqualTo(rounds);
                }
                assertThat(LeaseInstances.count("SELECT count(*) FROM " + readSchema + ".vellum_timers"))
                        .as("one timer per round").isEqualTo(rounds);
            } finally {
                appending.set(false);
                writer.join();
            }
        }
    }

    /** The ids of the pending timers due more than {@code millis} from now. */
    private static List<String> timersDueLater(String readSchema, long millis) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM " + readSchema + ".vellum_timers WHERE state = 'PENDING'"
                        + " AND due > " + (System.currentTimeMillis() + millis))) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static long events(String schema, String type) throws Exception {
        return LeaseInstances.count("SELECT count(*) FROM " + schema + ".events WHERE type = '" + type + "'");
    }
}

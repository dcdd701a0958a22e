package dev.vellum.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.InvalidProjectionException;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionHandlerException;
import dev.vellum.projection.ProjectionVersionException;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.worker.WorkerState;
import dev.vellum.worker.WorkerStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InlineProjectionTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("events.db");
    }

    /** Users by e-mail: the primary key refuses a second user with the same address. */
    private static Projection<SqlContext> emails(int version, AtomicBoolean broken) {
        return Projection.builder("user-emails", SqlContext.class).version(version).handles("UserRegistered")
                .setup(sql -> sql.createTable("user_emails", "(email TEXT PRIMARY KEY, stream TEXT NOT NULL, built_by INTEGER)"))
                .handler((sql, e) -> {
                    if (broken.get()) {
                        throw new IllegalStateException("handler bug");
                    }
                    String email = e.data().replaceAll(".*\"email\":\"([^\"]*)\".*", "$1");
                    sql.update("INSERT INTO {user_emails} (email, stream, built_by) VALUES (?, ?, ?)", email,
                            e.stream().value(), sql.projection().version());
                }).build();
    }

    private static EventData registered(String email) {
        return EventData.of("UserRegistered", "{\"email\":\"" + email + "\"}");
    }

    private List<String> rows() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = InlineProjection.openReader(file()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT email, stream, built_by FROM user_emails ORDER BY email")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " v" + rs.getInt(3));
            }
        }
        return rows;
    }

    private SqliteEventStore open(InlineProjection inline) {
        return SqliteEventStore.builder(file()).inlineProjection(inline).open();
    }

    @Test
    void anAppendThatReturnedIsAlreadyInTheReadModel() throws Exception {
        try (SqliteEventStore store = open(InlineProjection.failingTheAppend(emails(1, new AtomicBoolean())))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Callable<List<String>>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String email = "u" + i + "@example.com";
                tasks.add(() -> {
                    store.append(StreamId.of("user-" + email.hashCode()), ExpectedRevision.noStream(), registered(email));
                    return rows(); // read right after the append returned: it is there
                });
            }
            List<Future<List<String>>> seen = pool.invokeAll(tasks);
            pool.shutdown();
            for (int i = 0; i < 40; i++) {
                String email = "u" + i + "@example.com";
                assertThat(seen.get(i).get()).anySatisfy(row -> assertThat(row).startsWith(email + " "));
            }
            assertThat(rows()).hasSize(40);
            assertThat(store.inlineProjections()).singleElement().satisfies(s -> {
                assertThat(s.state()).isEqualTo(WorkerState.LIVE);
                assertThat(s.checkpoint()).isEqualTo(store.head());
                assertThat(s.lagEvents()).isZero();
            });
        }
    }

    @Test
    void aProjectionThatRefusesAnAppendFailsItAndNothingOfItIsWritten() throws Exception {
        try (SqliteEventStore store = open(InlineProjection.failingTheAppend(emails(1, new AtomicBoolean())))) {
            store.append(StreamId.of("user-1"), ExpectedRevision.noStream(), registered("ann@example.com"));
            assertThatThrownBy(() -> store.append(StreamId.of("user-2"), ExpectedRevision.noStream(),
                    EventData.of("Other", "{}"), registered("ann@example.com")))
                    .isInstanceOf(ProjectionHandlerException.class)
                    .hasMessageContaining("user-emails v1").hasMessageContaining("position 3")
                    .hasMessageContaining("Nothing of the append was written");
            assertThatThrownBy(() -> store.readStream(StreamId.of("user-2"))).isInstanceOf(StreamNotFoundException.class);
            assertThat(store.head()).isEqualTo(Position.of(1));

            AppendResult next = store.append(StreamId.of("user-2"), ExpectedRevision.noStream(), registered("bob@example.com"));
            assertThat(next.position()).isEqualTo(Position.of(2));
            assertThat(rows()).containsExactly("ann@example.com user-1 v1", "bob@example.com user-2 v1");
        }
    }

    @Test
    void aRetriedAppendIsNotAppliedTwice() throws Exception {
        try (SqliteEventStore store = open(InlineProjection.failingTheAppend(emails(1, new AtomicBoolean())))) {
            EventData event = registered("ann@example.com");
            AppendResult first = store.append(StreamId.of("user-1"), ExpectedRevision.noStream(), event);
            assertThat(store.append(StreamId.of("user-1"), ExpectedRevision.noStream(), event)).isEqualTo(first);
            assertThat(rows()).containsExactly("ann@example.com user-1 v1");
        }
    }

    @Test
    void anIsolatedFailureKeepsAppendingAndTheProjectionCatchesUpWhenReopenedWithAFix() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        try (SqliteEventStore store = open(InlineProjection.isolated(emails(1, broken)))) {
            store.append(StreamId.of("user-1"), ExpectedRevision.noStream(), registered("ann@example.com"));
            broken.set(true);
            store.append(StreamId.of("user-2"), ExpectedRevision.noStream(), registered("bob@example.com"));
            broken.set(false);
            store.append(StreamId.of("user-3"), ExpectedRevision.noStream(), registered("cy@example.com"));

            assertThat(store.head()).isEqualTo(Position.of(3));
            assertThat(rows()).as("frozen at its checkpoint").containsExactly("ann@example.com user-1 v1");
            WorkerStatus status = store.inlineProjections().getFirst();
            assertThat(status.state()).isEqualTo(WorkerState.FAILED);
            assertThat(status.checkpoint()).isEqualTo(Position.of(1));
            assertThat(status.lagEvents()).isEqualTo(2);
            assertThat(status.lastError().toString()).contains("handler bug").contains("position 2");
            assertThat(status.parkedEvents()).isEqualTo(1);
        }
        try (SqliteEventStore store = open(InlineProjection.isolated(emails(1, broken)))) {
            assertThat(rows()).containsExactly("ann@example.com user-1 v1", "bob@example.com user-2 v1",
                    "cy@example.com user-3 v1");
            WorkerStatus status = store.inlineProjections().getFirst();
            assertThat(status.state()).isEqualTo(WorkerState.LIVE);
            assertThat(status.parkedEvents()).isZero();
        }
    }

    @Test
    void aProjectionAddedToAStoreWithHistoryCatchesUpWhenItOpens() throws Exception {
        try (SqliteEventStore store = SqliteEventStore.open(file())) {
            for (int i = 0; i < 1_500; i++) {
                store.append(StreamId.of("user-" + i), ExpectedRevision.noStream(), registered("u" + i + "@example.com"));
            }
        }
        try (SqliteEventStore store = open(InlineProjection.failingTheAppend(emails(1, new AtomicBoolean())))) {
            assertThat(rows()).hasSize(1_500);
            store.append(StreamId.of("user-new"), ExpectedRevision.noStream(), registered("new@example.com"));
            assertThat(rows()).hasSize(1_501);
        }
    }

    @Test
    void aNewVersionIsBuiltAtOpenAndTakesOverTheViews() throws Exception {
        try (SqliteEventStore store = open(InlineProjection.failingTheAppend(emails(1, new AtomicBoolean())))) {
            store.append(StreamId.of("user-1"), ExpectedRevision.noStream(), registered("ann@example.com"));
        }
        try (SqliteEventStore store = open(InlineProjection.failingTheAppend(emails(2, new AtomicBoolean())))) {
            assertThat(rows()).containsExactly("ann@example.com user-1 v2");
            assertThat(tables()).contains("user_emails_v2").doesNotContain("user_emails_v1");
        }
        assertThatThrownBy(() -> open(InlineProjection.failingTheAppend(emails(1, new AtomicBoolean()))))
                .isInstanceOf(ProjectionVersionException.class).hasMessageContaining("newer than version 1");
        try (SqliteEventStore reopened = SqliteEventStore.open(file())) {
            assertThat(reopened.head()).as("the refused open released the file").isEqualTo(Position.of(1));
        }
    }

    @Test
    void inlineProjectionsHaveOnePartitionAndUniqueNames() {
        assertThatThrownBy(() -> InlineProjection.failingTheAppend(Projection.builder("p", SqlContext.class)
                .partitions(2).handler((s, e) -> { }).build())).isInstanceOf(InvalidProjectionException.class);
        InlineProjection once = InlineProjection.failingTheAppend(emails(1, new AtomicBoolean()));
        assertThatThrownBy(() -> SqliteEventStore.builder(file()).inlineProjection(once).inlineProjection(once).open())
                .isInstanceOf(InvalidProjectionException.class).hasMessageContaining("registered twice");
    }

    private List<String> tables() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = InlineProjection.openReader(file()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}

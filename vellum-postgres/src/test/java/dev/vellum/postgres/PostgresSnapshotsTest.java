package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.serde.EventTypes;
import dev.vellum.snapshot.Snapshot;
import dev.vellum.snapshot.SnapshotPolicy;
import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.snapshot.StateFormat;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StoreClosedException;
import dev.vellum.store.StreamId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the snapshot conformance suite cannot see: migration, validation, closing, and a handler on top. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresSnapshotsTest {

    record Counted(int by) {
    }

    record Count(int by) {
    }

    record Total(long value) {
    }

    private static final EventTypes TYPES = EventTypes.builder().register("Counted", Counted.class).build();
    private static final Decider<Count, Total, Counted> COUNTER = Decider.of(new Total(0),
            (c, t) -> Decision.accept(new Counted(c.by())), (t, e) -> new Total(t.value() + e.by()));

    private final StreamId stream = StreamId.of("counter-1");

    private static PostgresEventStore open(String schema, SchemaMode mode) {
        return PostgresEventStore.builder(TestDatabase.dataSource()).schema(schema).schemaMode(mode).open();
    }

    @Test
    void aSchemaFromBeforeSnapshotsIsMigratedAndKeepsItsEvents() throws Exception {
        String schema = TestDatabase.freshSchema();
        try (PostgresEventStore store = open(schema, SchemaMode.MIGRATE)) {
            store.append(stream, ExpectedRevision.noStream(), EventData.of("Counted", "{\"by\":1}"));
        }
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE \"" + schema + "\".snapshots");
            st.execute("DELETE FROM \"" + schema + "\".schema_version WHERE version = 2");
        }
        assertThatThrownBy(() -> open(schema, SchemaMode.VALIDATE))
                .isInstanceOf(SchemaValidationException.class).hasMessageContaining("needs version 2");

        try (PostgresEventStore store = open(schema, SchemaMode.MIGRATE)) {
            assertThat(store.readStream(stream)).hasSize(1);
            store.snapshots().save(new Snapshot(stream, "counter", 1, 0, 0, UUID.randomUUID(), "{}"));
            assertThat(store.snapshots().load(stream, "counter")).isPresent();
        }
        try (Connection c = TestDatabase.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT max(version) FROM \"" + schema + "\".schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void theSnapshotStoreClosesWithTheEventStore() {
        PostgresEventStore store = open(TestDatabase.freshSchema(), SchemaMode.MIGRATE);
        SnapshotStore snapshots = store.snapshots();
        store.close();
        assertThatThrownBy(() -> snapshots.load(stream, "counter")).isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> snapshots.save(new Snapshot(stream, "counter", 1, 0, 0, UUID.randomUUID(), "{}")))
                .isInstanceOf(StoreClosedException.class);
        assertThatThrownBy(() -> snapshots.delete(stream)).isInstanceOf(StoreClosedException.class);
    }

    @Test
    void aHandlerTakesSnapshotsInTheSchemaAndLoadsFromThemAfterAReopen() {
        String schema = TestDatabase.freshSchema();
        StateFormat<Total> format = StateFormat.json("counter", 1, Total.class);
        try (PostgresEventStore store = open(schema, SchemaMode.MIGRATE)) {
            var counter = CommandHandler.builder(store, TYPES, Counted.class, COUNTER)
                    .snapshots(store.snapshots(), SnapshotPolicy.every(10), format).build();
            for (int i = 1; i <= 25; i++) {
                counter.handle(stream, new Count(i));
            }
        }
        try (PostgresEventStore store = open(schema, SchemaMode.VALIDATE)) {
            Snapshot snapshot = store.snapshots().load(stream, "counter").orElseThrow();
            assertThat(snapshot.revision()).isEqualTo(19);
            assertThat(format.read(snapshot.state())).isEqualTo(new Total(210));
            var counter = CommandHandler.builder(store, TYPES, Counted.class, COUNTER)
                    .snapshots(store.snapshots(), SnapshotPolicy.every(10), format).build();
            assertThat(counter.load(stream).state()).isEqualTo(new Total(325));
            store.snapshots().delete(stream);
            assertThat(counter.load(stream).state()).isEqualTo(new Total(325));
        }
    }
}

package dev.vellum.jdbc.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.LogFilter;
import dev.vellum.store.Metadata;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared read queries ({@link EventQueries}, {@link LogQuery}, {@link EventRows},
 * {@link StreamStateRows}) against rows written by hand into a {@link TestDatabase}, so that what
 * they select is checked apart from any store's writer.
 */
class EventQueriesTest {

    private static final UUID FIRST_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private TestDatabase db;
    private Statements statements;

    @BeforeEach
    void open() throws SQLException {
        db = new TestDatabase();
        statements = db.statements();
        // the log: order-1 (3 events), invoice-1 (2), order-2 (1), interleaved
        db.event("order-1", 0, "OrderPlaced", "{\"correlationId\":\"c-1\"}");
        db.event("invoice-1", 0, "InvoiceSent", null);
        db.event("order-1", 1, "OrderPaid", "{\"correlationId\":\"c-1\"}");
        db.event("order-2", 0, "OrderPlaced", null);
        db.event("invoice-1", 1, "InvoicePaid", null);
        db.event("order-1", 2, "OrderShipped", null);
        db.stream("order-1", 2, 0, false, false);
        db.stream("invoice-1", 1, 0, false, false);
        db.stream("order-2", 0, 0, false, false);
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void aStreamReadsForwardsAndBackwardsFromARevision() throws SQLException {
        EventQueries queries = new EventQueries(new TestDatabase.TestDialect(null));
        StreamId order = StreamId.of("order-1");

        assertThat(types(queries.readStream(statements, order, ReadDirection.FORWARDS, 1, 10)))
                .containsExactly("OrderPaid", "OrderShipped");
        assertThat(types(queries.readStream(statements, order, ReadDirection.BACKWARDS, 1, 10)))
                .containsExactly("OrderPaid", "OrderPlaced");
        assertThat(types(queries.readStream(statements, order, ReadDirection.FORWARDS, 0, 2)))
                .containsExactly("OrderPlaced", "OrderPaid");
        assertThat(queries.readStream(statements, order, ReadDirection.FORWARDS, 3, 10)).isEmpty();
    }

    @Test
    void aStreamReadMapsEveryColumn() throws SQLException {
        RecordedEvent first = new EventQueries(new TestDatabase.TestDialect(null))
                .readStream(statements, StreamId.of("order-1"), ReadDirection.FORWARDS, 0, 1).getFirst();

        assertThat(first.stream()).isEqualTo(StreamId.of("order-1"));
        assertThat(first.revision()).isZero();
        assertThat(first.position()).isEqualTo(Position.of(1));
        assertThat(first.id()).isEqualTo(FIRST_ID);
        assertThat(first.type()).isEqualTo("OrderPlaced");
        assertThat(first.data()).isEqualTo("{\"n\":1}");
        assertThat(first.metadata().correlationId()).isEqualTo("c-1");
        assertThat(first.recordedAt()).isEqualTo(Instant.ofEpochMilli(1_000));
    }

    @Test
    void aStreamReadStopsAtTheRevisionItsStateKnowsAndStartsWhereItIsReadable() throws SQLException {
        db.event("order-1", 3, "OrderCancelled", null); // a row whose writer has not moved the stream's state yet
        db.execute("UPDATE streams SET readable_from = 1 WHERE stream = 'order-1'");
        EventQueries queries = new EventQueries(new TestDatabase.TestDialect(null));

        assertThat(types(queries.readStream(statements, StreamId.of("order-1"), ReadDirection.FORWARDS, 0, 10)))
                .containsExactly("OrderPaid", "OrderShipped");
        assertThat(types(queries.readStream(statements, StreamId.of("order-1"), ReadDirection.BACKWARDS, 9, 10)))
                .containsExactly("OrderShipped", "OrderPaid");
    }

    @Test
    void eventsWithoutMetadataHaveTheEmptyOne() throws SQLException {
        List<RecordedEvent> page = new EventQueries(new TestDatabase.TestDialect(null))
                .readAll(statements, Position.START, LogFilter.all(), 4);

        assertThat(page).extracting(RecordedEvent::metadata)
                .containsExactly(new Metadata("c-1", null, Map.of()), Metadata.EMPTY,
                        new Metadata("c-1", null, Map.of()), Metadata.EMPTY);
    }

    @Test
    void unknownAndTombstonedStreamsAreTypedErrors() throws SQLException {
        db.stream("gone-1", 0, 1, false, true);
        EventQueries queries = new EventQueries(new TestDatabase.TestDialect(null));

        assertThatThrownBy(() -> queries.readStream(statements, StreamId.of("nothing-1"), ReadDirection.FORWARDS, 0, 10))
                .isInstanceOf(StreamNotFoundException.class);
        assertThatThrownBy(() -> queries.readStream(statements, StreamId.of("gone-1"), ReadDirection.FORWARDS, 0, 10))
                .isInstanceOf(StreamDeletedException.class);
    }

    @Test
    void theLogIsReadInPositionOrderUnderEachShapeOfFilter() throws SQLException {
        EventQueries queries = new EventQueries(new TestDatabase.TestDialect(null));

        assertThat(positions(queries.readAll(statements, Position.START, LogFilter.all(), 10)))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(positions(queries.readAll(statements, Position.of(2), LogFilter.all(), 2))).containsExactly(3L, 4L);
        assertThat(positions(queries.readAll(statements, Position.START, LogFilter.categories("order"), 10)))
                .containsExactly(1L, 3L, 4L, 6L);
        assertThat(positions(queries.readAll(statements, Position.START, LogFilter.categories("order", "invoice"), 10)))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(positions(queries.readAll(statements, Position.of(1), LogFilter.categories("order", "invoice"), 3)))
                .containsExactly(2L, 3L, 4L);
        assertThat(positions(queries.readAll(statements, Position.START, LogFilter.types("OrderPlaced", "InvoicePaid"),
                10))).containsExactly(1L, 4L, 5L);
        assertThat(positions(queries.readAll(statements, Position.START,
                new LogFilter(Set.of("order", "invoice"), Set.of("OrderPlaced", "InvoicePaid")), 10)))
                .containsExactly(1L, 4L, 5L);
    }

    @Test
    void aLogPageNamesEachRowsOwnStream() throws SQLException {
        List<RecordedEvent> page = new EventQueries(new TestDatabase.TestDialect(null))
                .readAll(statements, Position.START, LogFilter.all(), 3);

        assertThat(page).extracting(e -> e.stream().value()).containsExactly("order-1", "invoice-1", "order-1");
    }

    @Test
    void theVisibilityConditionHoldsBackTheLogAndItsHeadButNotAnEventById() throws SQLException {
        EventQueries all = new EventQueries(new TestDatabase.TestDialect(null));
        EventQueries held = new EventQueries(new TestDatabase.TestDialect("position <= 4"));

        assertThat(all.head(statements)).isEqualTo(Position.of(6));
        assertThat(held.head(statements)).isEqualTo(Position.of(4));
        assertThat(positions(held.readAll(statements, Position.of(2), LogFilter.all(), 10))).containsExactly(3L, 4L);
        assertThat(positions(held.readAll(statements, Position.START, LogFilter.categories("order", "invoice"), 10)))
                .containsExactly(1L, 2L, 3L, 4L);
        UUID sixth = UUID.fromString("00000000-0000-0000-0000-000000000006");
        assertThat(held.readEvent(statements, sixth)).map(RecordedEvent::position).contains(Position.of(6));
        assertThat(held.readEvent(statements, UUID.randomUUID())).isEmpty();
    }

    @Test
    void anEmptyLogHasItsHeadAtTheStart() throws SQLException {
        db.execute("DELETE FROM events");

        assertThat(new EventQueries(new TestDatabase.TestDialect(null)).head(statements)).isEqualTo(Position.START);
    }

    private static List<String> types(List<RecordedEvent> events) {
        return events.stream().map(RecordedEvent::type).toList();
    }

    private static List<Long> positions(List<RecordedEvent> events) {
        return events.stream().map(e -> e.position().value()).toList();
    }
}

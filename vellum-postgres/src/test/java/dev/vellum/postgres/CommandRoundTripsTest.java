package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.serde.EventTypes;
import dev.vellum.snapshot.SnapshotPolicy;
import dev.vellum.snapshot.StateFormat;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How many statements a command costs on the caller's thread (its append runs on the store's
 * writer, shared with other callers): counted by a data source that records the SQL each connection
 * prepares for the test's thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandRoundTripsTest {

    record Counted(int by) {
    }

    record Count(int by) {
    }

    record Total(long value) {
    }

    private static final EventTypes TYPES = EventTypes.builder().register("Counted", Counted.class).build();
    private static final Decider<Count, Total, Counted> COUNTER = Decider.of(new Total(0),
            (c, t) -> Decision.accept(new Counted(c.by())), (t, e) -> new Total(t.value() + e.by()));

    private final List<String> prepared = new CopyOnWriteArrayList<>();
    private final Thread caller = Thread.currentThread();

    @Test
    void aCommandOnAShortStreamWithSnapshotsReadsItInOneStatementAndLooksNothingUpWithoutTheStateCache() {
        StreamId stream = StreamId.of("counter-1");
        try (PostgresEventStore store = PostgresEventStore.builder(counting(TestDatabase.dataSource()))
                .schema(TestDatabase.freshSchema()).open()) {
            CommandHandler<Count, Total, Counted> counters = CommandHandler.builder(store, TYPES, Counted.class, COUNTER)
                    .snapshots(store.snapshots(), SnapshotPolicy.every(100), StateFormat.json("total", 1, Total.class))
                    .stateCache(0).build();
            counters.handle(stream, new Count(1), CommandMetadata.of("c-1"));
            prepared.clear();

            CommandResult<Counted> result = counters.handle(stream, new Count(2), CommandMetadata.of("c-2"));

            assertThat(result).isEqualTo(new CommandResult.Accepted<>(List.of(new Counted(2)), 1,
                    ((CommandResult.Accepted<Counted>) result).position()));
            assertThat(prepared).as("one stream read, no look-up by id, no snapshot read").hasSize(1)
                    .allSatisfy(sql -> assertThat(sql).contains("LATERAL"));
            assertThat(counters.load(stream).state()).isEqualTo(new Total(3));
        }
    }

    @Test
    void aCommandForAStreamTheHandlerDecidedOnBeforePreparesNoStatementOnTheCallersThread() {
        StreamId stream = StreamId.of("counter-4");
        try (PostgresEventStore store = PostgresEventStore.builder(counting(TestDatabase.dataSource()))
                .schema(TestDatabase.freshSchema()).open()) {
            CommandHandler<Count, Total, Counted> counters = CommandHandler.builder(store, TYPES, Counted.class, COUNTER)
                    .snapshots(store.snapshots(), SnapshotPolicy.every(100), StateFormat.json("total", 1, Total.class))
                    .build();
            counters.handle(stream, new Count(1), CommandMetadata.of("c-1"));
            prepared.clear();

            CommandResult<Counted> result = counters.handle(stream, new Count(2), CommandMetadata.of("c-2"));

            assertThat(result).isInstanceOfSatisfying(CommandResult.Accepted.class, a -> assertThat(a.revision()).isEqualTo(1));
            assertThat(prepared).as("the cached state and revision: no read, the append on the writer").isEmpty();
            assertThat(counters.load(stream).state()).isEqualTo(new Total(3));
        }
    }

    @Test
    void aStreamReadIsOneStatementEitherWayAndSaysWhenTheStreamIsMissing() {
        StreamId stream = StreamId.of("counter-2");
        try (PostgresEventStore store = PostgresEventStore.builder(counting(TestDatabase.dataSource()))
                .schema(TestDatabase.freshSchema()).open()) {
            for (int i = 0; i < 4; i++) {
                store.append(stream, ExpectedRevision.any(), EventData.of("Counted", "{\"by\":" + i + "}"));
            }
            store.delete(stream, ExpectedRevision.any(), Deletion.truncateBefore(1));
            prepared.clear();

            assertThat(store.readStream(stream, ReadDirection.FORWARDS, 0, 2)).extracting(RecordedEvent::revision)
                    .containsExactly(1L, 2L);
            assertThat(store.readStream(stream, ReadDirection.BACKWARDS, 2, 5)).extracting(RecordedEvent::revision)
                    .containsExactly(2L, 1L);
            assertThat(store.readStream(stream, ReadDirection.FORWARDS, 9, 5)).isEmpty();
            assertThatThrownBy(() -> store.readStream(StreamId.of("counter-3")))
                    .isInstanceOf(StreamNotFoundException.class);
            assertThat(prepared).hasSize(4);
        }
    }

    /** {@code pool}, recording the SQL of every statement prepared on the test's thread. */
    private DataSource counting(DataSource pool) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = call(pool, method, args);
                    return result instanceof Connection c ? connection(c) : result;
                });
    }

    private Connection connection(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && Thread.currentThread() == caller) {
                        prepared.add((String) args[0]);
                    }
                    return call(c, method, args);
                });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package dev.vellum.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.snapshot.Snapshot;
import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite for {@link SnapshotStore} adapters: one snapshot kept per stream and state
 * type, exactly as saved; the rule of {@link Snapshot#replaces} for which one is kept, also under
 * concurrent saves; deletion by stream. A snapshot store usually lives beside an event store, so
 * the suite opens that event store and asks it for its snapshot store:
 *
 * <pre>{@code
 * class SqliteSnapshotStoreConformanceTest extends SnapshotStoreConformanceSuite<SqliteEventStore> {
 *     protected SqliteEventStore openStore(Path directory) {
 *         return SqliteEventStore.open(directory.resolve("events.db"));
 *     }
 *     protected SnapshotStore snapshots(SqliteEventStore store) {
 *         return store.snapshots();
 *     }
 * }
 * }</pre>
 *
 * @param <S> the event store the snapshots live beside
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class SnapshotStoreConformanceSuite<S extends EventStore> {

    private static final StreamId ORDER = StreamId.of("order-1");

    @TempDir
    Path directory;

    private S store;
    private SnapshotStore snapshots;

    /** For subclasses. */
    protected SnapshotStoreConformanceSuite() {
    }

    /** Opens the event store kept in {@code directory}, a fresh empty one for each test; the suite closes it. */
    protected abstract S openStore(Path directory);

    /** The snapshot store that lives beside {@code store}. */
    protected abstract SnapshotStore snapshots(S store);

    @BeforeEach
    final void open() {
        store = openStore(directory);
        snapshots = snapshots(store);
    }

    @AfterEach
    final void close() {
        store.close();
    }

    private static Snapshot snapshot(StreamId stream, String type, int version, long revision) {
        return new Snapshot(stream, type, version, 0, revision, UUID.randomUUID(), "{\"revision\":" + revision + "}");
    }

    @Test
    void nothingIsKeptAtFirst() {
        assertThat(snapshots.load(ORDER, "order")).isEmpty();
        snapshots.delete(ORDER);
        assertThat(snapshots.load(ORDER, "order")).isEmpty();
    }

    @Test
    void aSavedSnapshotLoadsBackExactly() {
        String state = "{\"name\":\"caf\u00E9 \uD83D\uDE00 \u0416\",\"quote\":\"\\\"\",\"n\":12.50, \"pad\":\""
                + "x".repeat(200_000) + "\"}";
        Snapshot saved = new Snapshot(ORDER, "order.v-1:x/y", 3, 2, 9_000_000_000L, UUID.randomUUID(), state);
        snapshots.save(saved);
        assertThat(snapshots.load(ORDER, "order.v-1:x/y")).contains(saved);
    }

    @Test
    void eachStreamAndStateTypeHasItsOwnSnapshot() {
        StreamId other = StreamId.of("order-2");
        Snapshot a = snapshot(ORDER, "order", 1, 5);
        Snapshot b = snapshot(ORDER, "order-summary", 1, 3);
        Snapshot c = snapshot(other, "order", 1, 7);
        snapshots.save(a);
        snapshots.save(b);
        snapshots.save(c);
        assertThat(snapshots.load(ORDER, "order")).contains(a);
        assertThat(snapshots.load(ORDER, "order-summary")).contains(b);
        assertThat(snapshots.load(other, "order")).contains(c);
        assertThat(snapshots.load(ORDER, "ORDER")).as("state types are case-sensitive").isEmpty();
    }

    @Test
    void aNewerSnapshotReplacesTheKeptOneButNeverTheReverse() {
        Snapshot at10 = snapshot(ORDER, "order", 1, 10);
        Snapshot at20 = snapshot(ORDER, "order", 1, 20);
        snapshots.save(at10);
        snapshots.save(at20);
        assertThat(snapshots.load(ORDER, "order")).contains(at20);
        snapshots.save(at10);
        assertThat(snapshots.load(ORDER, "order")).as("an older one arrives late").contains(at20);
        snapshots.save(snapshot(ORDER, "order", 1, 20));
        assertThat(snapshots.load(ORDER, "order")).as("the same revision again").contains(at20);
    }

    @Test
    void aSnapshotOfAnotherSchemaVersionAlwaysReplacesTheKeptOne() {
        snapshots.save(snapshot(ORDER, "order", 1, 20));
        Snapshot upgraded = snapshot(ORDER, "order", 2, 5);
        snapshots.save(upgraded);
        assertThat(snapshots.load(ORDER, "order")).contains(upgraded);
    }

    @Test
    void deletingDropsEveryStateTypeOfThatStreamOnly() {
        StreamId other = StreamId.of("order-2");
        snapshots.save(snapshot(ORDER, "order", 1, 5));
        snapshots.save(snapshot(ORDER, "order-summary", 1, 5));
        Snapshot kept = snapshot(other, "order", 1, 5);
        snapshots.save(kept);

        snapshots.delete(ORDER);

        assertThat(snapshots.load(ORDER, "order")).isEmpty();
        assertThat(snapshots.load(ORDER, "order-summary")).isEmpty();
        assertThat(snapshots.load(other, "order")).contains(kept);
        Snapshot again = snapshot(ORDER, "order", 1, 1);
        snapshots.save(again);
        assertThat(snapshots.load(ORDER, "order")).as("saved again after a delete").contains(again);
    }

    @Test
    void concurrentSaversLeaveTheNewestSnapshot() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Long>> highest = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                Random random = new Random(t);
                highest.add(pool.submit(() -> {
                    long max = -1;
                    for (int i = 0; i < 40; i++) {
                        long revision = random.nextInt(100_000);
                        snapshots.save(snapshot(ORDER, "order", 1, revision));
                        max = Math.max(max, revision);
                    }
                    return max;
                }));
            }
            long newest = -1;
            for (Future<Long> future : highest) {
                newest = Math.max(newest, future.get(30, TimeUnit.SECONDS));
            }
            assertThat(snapshots.load(ORDER, "order").orElseThrow().revision()).isEqualTo(newest);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> snapshots.load(null, "order")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> snapshots.load(ORDER, "not a name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> snapshots.save(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> snapshots.delete(null)).isInstanceOf(NullPointerException.class);
    }
}

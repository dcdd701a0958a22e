package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.Subscription;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Guarantee 4 on PostgreSQL, where transactions commit in another order than they took their
 * positions: subscribers never skip an event that commits late, never see a rolled-back one, and
 * never see one twice; a transaction held open holds every subscriber before its position until it
 * commits.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GlobalOrderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private PostgresEventStore store;
    private final List<Subscription> subscriptions = new ArrayList<>();

    @BeforeEach
    void open() {
        store = PostgresEventStore.builder(TestDatabase.dataSource()).schema(TestDatabase.freshSchema()).open();
    }

    @AfterEach
    void close() {
        subscriptions.forEach(Subscription::close);
        store.close();
    }

    private Subscription subscribe(List<RecordedEvent> into) {
        Subscription s = store.subscribe(Position.START, LogFilter.all(), into::add);
        subscriptions.add(s);
        return s;
    }

    private static EventData event(int n) {
        return EventData.of("Happened", "{\"n\":" + n + "}");
    }

    @Test
    void sixteenWritersHoldingTransactionsOpenWithSomeRollingBackAreSeenExactlyOnceInOrder() throws Exception {
        List<RecordedEvent> live = new CopyOnWriteArrayList<>();
        List<RecordedEvent> catchUp = new CopyOnWriteArrayList<>();
        Subscription liveSubscription = subscribe(live);
        Set<UUID> committed = ConcurrentHashMap.newKeySet();
        Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();
        AtomicInteger rollbacks = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 16; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().start(() -> holdOpenAndCommit(writer, committed, rolledBack, rollbacks)));
        }
        for (int w = 0; w < 2; w++) { // the store's own group-commit path, racing with them
            StreamId stream = StreamId.of("grouped-" + w);
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 150; i++) {
                    EventData e = event(i);
                    store.append(stream, ExpectedRevision.any(), e);
                    committed.add(e.id());
                }
            }));
        }
        Thread.sleep(700);
        Subscription catchUpSubscription = subscribe(catchUp); // starts behind, pages through, then goes live
        for (Thread t : writers) {
            t.join();
        }

        Position head = store.head();
        assertThat(store.lag().isCaughtUp()).isTrue();
        assertThat(liveSubscription.awaitPosition(head, WAIT)).isTrue();
        assertThat(catchUpSubscription.awaitPosition(head, WAIT)).isTrue();
        List<RecordedEvent> log = readAll();
        assertThat(log).extracting(RecordedEvent::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(committed).doesNotContainAnyElementsOf(rolledBack);
        assertThat(rollbacks.get()).as("some transactions rolled back").isPositive();
        assertThat(live).as("the live subscriber: every committed event once, in position order").isEqualTo(log);
        assertThat(catchUp).as("the catch-up subscriber likewise").isEqualTo(log);
    }

    /** One writer: 50 transactions, each open for 0-50 ms after its append, 1% of them rolled back. */
    private void holdOpenAndCommit(int writer, Set<UUID> committed, Set<UUID> rolledBack, AtomicInteger rollbacks) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection c = TestDatabase.dataSource().getConnection()) {
            c.setAutoCommit(false);
            for (int i = 0; i < 50; i++) {
                List<EventData> events = new ArrayList<>();
                for (int k = 0; k <= random.nextInt(3); k++) {
                    events.add(event(i));
                }
                StreamId stream = StreamId.of("held-" + writer + "_" + random.nextInt(4));
                store.appendInTransaction(c, stream, ExpectedRevision.any(), events);
                Thread.sleep(random.nextInt(51));
                boolean rollback = random.nextInt(100) == 0 || (writer == 0 && i == 25);
                if (rollback) {
                    c.rollback();
                    rollbacks.incrementAndGet();
                    events.forEach(e -> rolledBack.add(e.id()));
                } else {
                    c.commit();
                    events.forEach(e -> committed.add(e.id()));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTransactionHeldOpenForSecondsHoldsEverySubscriberBeforeItUntilItCommits() throws Exception {
        List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
        Subscription subscription = subscribe(seen);
        store.append(StreamId.of("early-1"), ExpectedRevision.any(), event(0));
        try (Connection slow = TestDatabase.dataSource().getConnection()) {
            slow.setAutoCommit(false);
            EventData late = event(1);
            AppendResult held = store.appendInTransaction(slow, StreamId.of("slow-1"), ExpectedRevision.noStream(), late);
            List<AppendResult> others = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                others.add(store.append(StreamId.of("quick-" + i), ExpectedRevision.noStream(), event(i)));
            }
            assertThat(others).allSatisfy(r -> assertThat(r.position()).isGreaterThan(held.position()));
            Thread.sleep(2_000); // seconds pass, notifications and rechecks come and go

            assertThat(subscription.position()).as("no subscriber passes the open transaction").isLessThan(held.position());
            assertThat(seen).extracting(e -> e.stream().value()).containsExactly("early-1");
            assertThat(store.head()).isLessThan(held.position());
            WatermarkLag lag = store.lag();
            assertThat(lag.eventsWaiting()).isEqualTo(20);
            assertThat(lag.committed()).isEqualTo(others.getLast().position());
            assertThat(lag.oldestTransaction()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

            slow.commit();
            long committedAt = System.nanoTime();
            assertThat(subscription.awaitPosition(others.getLast().position(), WAIT)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - committedAt)).as("delivered promptly after the commit")
                    .isLessThan(Duration.ofMillis(900));
            assertThat(seen.get(1).id()).isEqualTo(late.id());
        }
        assertThat(seen).isEqualTo(readAll()).hasSize(22);
        assertThat(store.lag().isCaughtUp()).isTrue();
    }

    @Test
    void aLongTransactionOutsideTheStoreDelaysSubscribersButNeverLosesEvents() throws Exception {
        List<RecordedEvent> seen = new CopyOnWriteArrayList<>();
        Subscription subscription = subscribe(seen);
        try (Connection foreign = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement st = foreign.createStatement()) {
            foreign.setAutoCommit(false);
            st.execute("SELECT pg_current_xact_id()"); // any transaction with an id, in any schema or database
            AppendResult last = null;
            for (int i = 0; i < 5; i++) {
                last = store.append(StreamId.of("behind-" + i), ExpectedRevision.noStream(), event(i));
            }
            Thread.sleep(500);
            assertThat(seen).as("held back by the foreign transaction").isEmpty();
            assertThat(store.lag().eventsWaiting()).isEqualTo(5);

            foreign.rollback(); // no NOTIFY for this one: the store's watch notices the watermark moved
            long endedAt = System.nanoTime();
            assertThat(subscription.awaitPosition(last.position(), WAIT)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - endedAt)).isLessThan(Duration.ofMillis(900));
        }
        assertThat(seen).isEqualTo(readAll()).hasSize(5);
    }

    @Test
    void anEventIsFoundByIdAsSoonAsItsAppendCommitsEvenWhileTheWatermarkHoldsItBack() throws Exception {
        StreamId order = StreamId.of("order-1");
        EventData placed = event(1);
        try (Connection foreign = DriverManager.getConnection(TestDatabase.jdbcUrl());
                Statement st = foreign.createStatement()) {
            foreign.setAutoCommit(false);
            st.execute("SELECT pg_current_xact_id()");
            AppendResult result = store.append(order, ExpectedRevision.noStream(), placed);
            assertThat(readAll()).as("held back by the open transaction").isEmpty();

            RecordedEvent found = store.readEvent(placed.id()).orElseThrow();
            assertThat(found.position()).isEqualTo(result.position());
            assertThat(found).isEqualTo(store.readStream(order).getFirst());
            foreign.rollback();
        }
        assertThat(readAll()).containsExactly(store.readEvent(placed.id()).orElseThrow());
    }

    private List<RecordedEvent> readAll() {
        List<RecordedEvent> all = new ArrayList<>();
        for (List<RecordedEvent> page = store.readAll(Position.START, LogFilter.all(), 1_000); !page.isEmpty();
                page = store.readAll(page.getLast().position(), LogFilter.all(), 1_000)) {
            all.addAll(page);
        }
        return all;
    }
}

package dev.vellum.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.AppendNotStoredException;
import dev.vellum.store.AppendOutcomeUnknownException;
import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.StoreUnavailableException;
import dev.vellum.store.StreamId;
import dev.vellum.store.Subscription;
import dev.vellum.store.SubscriptionState;
import dev.vellum.time.TransientFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 19's network split on one node: the store's path to PostgreSQL goes through a
 * {@link SilentProxy}, which goes silent (no reset, connections kept open, nothing forwarded) and
 * comes back. Every call returns within the bound its timeouts give, with a typed transient error;
 * a writer cut mid-append answers success or "outcome unknown" (or, for what it never sent, "not
 * stored"), never a wrong answer, and a resend with the same ids stores each event once, also when
 * the cut-off write reaches the server late, after the split healed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetworkSplitTest {

    private static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    /** What a call may take while the network is silent: a connection wait or a check, then the network timeout, with room for a loaded machine. */
    private static final Duration BOUND = Duration.ofSeconds(15);

    private static PostgresEventStore open(SilentProxy proxy, String schema) {
        String url = proxy.url(TestDatabase.jdbcUrl()) + "&ApplicationName=" + schema;
        return PostgresEventStore.builder(url, "postgres", null).schema(schema)
                .connectionTimeout(CONNECTION_TIMEOUT).networkTimeout(NETWORK_TIMEOUT).open();
    }

    @Test
    void everyCallOfANodeBehindASilentNetworkReturnsInTimeWithATransientFailure() throws Exception {
        String schema = TestDatabase.freshSchema();
        StreamId stream = StreamId.of("order-1");
        try (SilentProxy proxy = SilentProxy.inFrontOf(TestDatabase.jdbcUrl());
                PostgresEventStore store = open(proxy, schema)) {
            AppendResult placed = store.append(stream, ExpectedRevision.noStream(), EventData.of("OrderPlaced", "{}"));
            List<Long> seen = new CopyOnWriteArrayList<>();
            Subscription subscriber = store.subscribe(Position.START, LogFilter.all(), e -> seen.add(e.position().value()));
            assertThat(subscriber.awaitPosition(placed.position(), Duration.ofSeconds(10))).isTrue();

            proxy.silence();
            Map<String, Callable<?>> calls = Map.of(
                    "append", () -> store.append(stream, ExpectedRevision.any(), EventData.of("OrderPaid", "{}")),
                    "readStream", () -> store.readStream(stream, ReadDirection.FORWARDS, 0, 10),
                    "readAll", () -> store.readAll(Position.START, LogFilter.all(), 10),
                    "readEvent", () -> store.readEvent(UUID.randomUUID()),
                    "head", store::head,
                    "listStreams", () -> store.listStreams("", "", 10),
                    "snapshot", () -> store.snapshots().load(stream, "order"));
            Map<String, Object> outcomes = new ConcurrentHashMap<>();
            Map<String, Duration> took = new ConcurrentHashMap<>();
            List<Thread> callers = new ArrayList<>();
            calls.forEach((name, call) -> callers.add(Thread.ofPlatform().start(() -> {
                long started = System.nanoTime();
                try {
                    Object result = call.call();
                    outcomes.put(name, result == null ? "null" : result);
                } catch (Exception e) {
                    outcomes.put(name, e);
                }
                took.put(name, Duration.ofNanos(System.nanoTime() - started));
            })));
            for (Thread t : callers) {
                t.join(BOUND.toMillis() * 2);
            }
            System.out.printf("calls behind the silent network: %s%n", took);
            assertThat(took).as("every call returned").hasSize(calls.size());
            took.forEach((name, d) -> assertThat(d).as("%s returned within the bound", name).isLessThan(BOUND));
            outcomes.forEach((name, o) -> assertThat(o).as(name).isInstanceOf(RuntimeException.class)
                    .satisfies(e -> assertThat(TransientFailure.isIn((Throwable) e)).as("%s: %s", name, e).isTrue()));
            assertThat(outcomes.get("append")).isInstanceOfAny(StoreUnavailableException.class,
                    AppendNotStoredException.class, AppendOutcomeUnknownException.class);
            LeaseInstances.await("the subscriber retries", () -> subscriber.state() == SubscriptionState.RETRYING);

            proxy.restore();
            EventData shipped = EventData.of("OrderShipped", "{}");
            AppendResult after = retried(() -> store.append(stream, ExpectedRevision.any(), shipped));
            assertThat(subscriber.awaitPosition(after.position(), Duration.ofSeconds(30)))
                    .as("the subscriber came back by itself: %s %s", subscriber.state(), subscriber.failure()).isTrue();
            assertThat(seen).as("every event once, in order").doesNotHaveDuplicates().isSorted()
                    .contains(placed.position().value(), after.position().value());
            subscriber.close();
        }
    }

    @Test
    void aWriterCutMidAppendGetsADefiniteAnswerOrOutcomeUnknownAndAResendStoresEachEventOnce() throws Exception {
        String schema = TestDatabase.freshSchema();
        Map<EventData, Object> outcomes = new ConcurrentHashMap<>(); // an AppendResult or the exception
        Map<EventData, StreamId> streams = new ConcurrentHashMap<>();
        AtomicBoolean appending = new AtomicBoolean(true);
        AtomicLong acknowledged = new AtomicLong();
        try (SilentProxy proxy = SilentProxy.inFrontOf(TestDatabase.jdbcUrl());
                PostgresEventStore store = open(proxy, schema)) {
            List<Thread> appenders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                StreamId stream = StreamId.of("order-" + t);
                appenders.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; appending.get(); i++) {
                        EventData event = EventData.of("OrderChanged", "{\"i\":" + i + "}");
                        streams.put(event, stream);
                        try {
                            outcomes.put(event, store.append(stream, ExpectedRevision.any(), event));
                            acknowledged.incrementAndGet();
                        } catch (RuntimeException e) {
                            outcomes.put(event, e);
                        }
                    }
                }));
            }
            LeaseInstances.await("appends under way", () -> acknowledged.get() > 200);
            proxy.silence();
            Thread.sleep(NETWORK_TIMEOUT.toMillis() * 2); // the split lasts past the network timeout
            long beforeHealing = acknowledged.get();
            proxy.restore();
            LeaseInstances.await("appends answered again", () -> acknowledged.get() > beforeHealing + 20);
            appending.set(false);
            for (Thread t : appenders) {
                t.join();
            }
            awaitNoStatementOf(schema); // writes held in the split have reached the server and ended

            List<Object> failures = outcomes.values().stream().filter(o -> o instanceof RuntimeException).toList();
            System.out.printf("appends: %d, failed during the split: %d (%d outcome unknown)%n", outcomes.size(),
                    failures.size(), failures.stream().filter(f -> f instanceof AppendOutcomeUnknownException).count());
            assertThat(failures).as("appends cut off by the split").isNotEmpty().allSatisfy(e -> assertThat(e)
                    .isInstanceOfAny(AppendOutcomeUnknownException.class, AppendNotStoredException.class,
                            StoreUnavailableException.class));
            assertThat(failures).as("an append was cut while in flight").anyMatch(f -> f instanceof AppendOutcomeUnknownException);
            for (Map.Entry<EventData, Object> o : outcomes.entrySet()) {
                EventData event = o.getKey();
                switch (o.getValue()) {
                    case AppendResult r -> assertThat(retried(() -> store.readEvent(event.id()))).as("acknowledged")
                            .hasValueSatisfying(e -> assertThat(e.position()).isEqualTo(r.position()));
                    case AppendOutcomeUnknownException unknown -> {
                        AppendResult resent = retried(() -> store.append(streams.get(event), ExpectedRevision.any(), event));
                        assertThat(retried(() -> store.readEvent(event.id()))).as("settled by the resend")
                                .hasValueSatisfying(e -> assertThat(e.position()).isEqualTo(resent.position()));
                    }
                    default -> assertThat(retried(() -> store.readEvent(event.id())))
                            .as("said not stored: %s", o.getValue()).isEmpty();
                }
            }
            for (int t = 0; t < 4; t++) {
                List<UUID> ids = store.readStream(StreamId.of("order-" + t)).stream()
                        .map(dev.vellum.store.RecordedEvent::id).toList();
                assertThat(ids).as("each event stored once").doesNotHaveDuplicates();
            }
        }
    }

    /** Waits until no session of the store ({@code application_name} = {@code schema}) runs a statement. */
    private static void awaitNoStatementOf(String schema) throws Exception {
        LeaseInstances.await("no statement of the store in flight", () -> LeaseInstances.count(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + schema + "' AND state <> 'idle'") == 0);
    }

    /**
     * {@code call}, tried again while it fails with a transient error, for up to 30 s: after the split
     * the pool makes its connections again, and a resend with the same ids is safe whatever it met.
     */
    private static <T> T retried(Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!TransientFailure.isIn(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}

package dev.vellum.server.internal.workers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Metadata;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The outcomes answer kept between polls is the one a full read of the window gives, while the
 * window slides over the log, and a poll reads only what was appended since the last one.
 */
class RecordedOutcomesTest {

    private static final String WORKER = "reactor.mail";
    private static final int KEPT = 1_000;

    private final InMemoryEventStore memory = new InMemoryEventStore();
    private final AtomicLong eventsRead = new AtomicLong();
    private final EventStore store = counting(memory, eventsRead);
    private long appended;

    @Test
    void pollAfterPollAnswersWhatReadingTheWholeWindowAnswers() {
        RecordedOutcomes kept = new RecordedOutcomes(store, KEPT);
        for (int round = 0; round < 12; round++) {
            // small steps, and one past the whole window
            append(round == 6 ? 12_000 : round % 3 == 0 ? 2_500 : 700, round % 4 == 0 ? 3 : 41);
            for (int limit : new int[] {1, 20, KEPT}) {
                RecordedOutcomes.Window answer = kept.of(WORKER, limit);
                assertThat(answer).as("round %d, limit %d", round, limit)
                        .isEqualTo(new RecordedOutcomes(store, KEPT).of(WORKER, limit));
                assertThat(answer.newestFirst()).allSatisfy(e -> assertThat(e.metadata().headers().get("$effect"))
                        .startsWith("mail/"));
            }
        }
        assertThat(appended).isGreaterThan(2 * RecordedOutcomes.WINDOW); // the window slid well past its start
        assertThat(kept.of(WORKER, KEPT).newestFirst()).hasSizeGreaterThan(20);
    }

    @Test
    void aPollReadsOnlyThePositionsAppendedSinceTheLastOne() {
        append(15_000, 50);
        RecordedOutcomes kept = new RecordedOutcomes(store, KEPT);
        kept.of(WORKER, 20);
        eventsRead.set(0);

        append(30, 10);
        RecordedOutcomes.Window answer = kept.of(WORKER, 20);

        assertThat(eventsRead.get()).isLessThanOrEqualTo(31);
        assertThat(answer).isEqualTo(new RecordedOutcomes(store, KEPT).of(WORKER, 20));
        assertThat(answer.newestFirst().getFirst().position().value()).isGreaterThan(memory.head().value() - 30);
    }

    /** Appends {@code events} events; every {@code every}-th is an outcome of "mail", the one after it of "sms". */
    private void append(int events, int every) {
        List<EventData> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            long n = appended++;
            Metadata metadata = n % every == 0 ? outcome("mail/effect-" + n)
                    : n % every == 1 ? outcome("sms/effect-" + n)
                    : n % every == 2 ? outcome("mailroom/effect-" + n) : Metadata.EMPTY;
            batch.add(new EventData(UUID.randomUUID(), "Happened", "{\"n\":" + n + "}", metadata));
        }
        for (int from = 0; from < batch.size(); from += 1_000) {
            memory.append(StreamId.of("log-" + from % 7), ExpectedRevision.any(),
                    batch.subList(from, Math.min(batch.size(), from + 1_000)));
        }
    }

    private static Metadata outcome(String key) {
        return new Metadata(null, null, Map.of("$effect", key));
    }

    /** {@code store}, counting the events its log reads return. */
    private static EventStore counting(EventStore store, AtomicLong eventsRead) {
        return (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
                (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(store, args);
                        if (method.getName().equals("readAll") && result instanceof List<?> page) {
                            eventsRead.addAndGet(page.size());
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

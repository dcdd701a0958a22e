package dev.vellum.store.tck;

import static dev.vellum.store.ExpectedRevision.exactly;
import static dev.vellum.store.ExpectedRevision.noStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.Deletion;
import dev.vellum.store.EventData;
import dev.vellum.store.Metadata;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.WrongExpectedRevisionException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Finding one event by its id ({@code readEvent}): the event exactly as the global log holds it,
 * wherever it is, also once its stream was deleted; nothing for an id no committed append stored.
 */
abstract class EventLookupTests extends StoreTestSupport {

    private final StreamId order = StreamId.of("order-1");
    private final StreamId invoice = StreamId.of("invoice-1");

    @Test
    void everyEventIsFoundByItsIdExactlyAsTheLogHoldsIt() {
        Metadata metadata = new Metadata("corr-1", "cause-1", Map.of("$command", "cmd-1", "who", "\u00E9mile"));
        store.append(order, noStream(), event("OrderPlaced").withMetadata(metadata), event("LineAdded"));
        store.append(invoice, noStream(), EventData.of("InvoiceSent", " { \"amount\" : 12.50 } "));
        store.append(order, exactly(1), events(2));

        List<RecordedEvent> log = readAllEvents();
        assertThat(log).hasSize(5);
        for (RecordedEvent event : log) {
            assertThat(store.readEvent(event.id())).as("event %s", event.id()).contains(event);
        }
    }

    @Test
    void anIdNoAppendStoredIsNotFound() {
        assertThat(store.readEvent(UUID.randomUUID())).as("in an empty store").isEmpty();
        store.append(order, noStream(), events(3));
        assertThat(store.readEvent(UUID.randomUUID())).isEmpty();
    }

    @Test
    void theIdsOfARefusedAppendAreNotFound() {
        store.append(order, noStream(), events(1));
        List<EventData> refused = events(2);
        assertThatThrownBy(() -> store.append(order, exactly(5), refused))
                .isInstanceOf(WrongExpectedRevisionException.class);
        for (EventData event : refused) {
            assertThat(store.readEvent(event.id())).isEmpty();
        }
    }

    @Test
    void aResentAppendIsFoundOnceWhereItWasFirstStored() {
        List<EventData> first = events(2);
        store.append(order, noStream(), first);
        RecordedEvent stored = store.readStream(order).getFirst();
        store.append(order, noStream(), first);

        assertThat(store.readEvent(first.getFirst().id())).contains(stored);
        assertThat(readAllEvents()).hasSize(2);
    }

    @Test
    void eventsOfDeletedStreamsAreStillFound() {
        StreamId soft = StreamId.of("soft-1");
        StreamId tomb = StreamId.of("tomb-1");
        StreamId trunc = StreamId.of("trunc-1");
        for (StreamId stream : List.of(soft, tomb, trunc)) {
            store.append(stream, noStream(), events(3));
        }
        List<RecordedEvent> log = readAllEvents();
        store.delete(soft, exactly(2), Deletion.soft());
        store.delete(tomb, exactly(2), Deletion.tombstone());
        store.delete(trunc, exactly(2), Deletion.truncateBefore(2));

        for (RecordedEvent event : log) {
            assertThat(store.readEvent(event.id())).as("event %s of %s", event.revision(), event.stream()).contains(event);
        }
    }
}

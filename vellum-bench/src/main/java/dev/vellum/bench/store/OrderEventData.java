package dev.vellum.bench.store;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.store.EventData;
import dev.vellum.store.Metadata;
import java.util.ArrayList;
import java.util.List;

/** The benchmark event as Vellum's {@link EventData}: random id, no metadata. */
final class OrderEventData {

    private OrderEventData() {
    }

    /** One new random event. */
    static EventData one() {
        return new EventData(OrderEvents.randomId(), OrderEvents.TYPE, OrderEvents.randomData(), Metadata.EMPTY);
    }

    /** {@code count} new random events. */
    static List<EventData> batch(int count) {
        List<EventData> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(one());
        }
        return events;
    }
}

package dev.vellum.serde;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the stored data of one schema version of an event type into the shape of the next
 * version. Registered with {@link EventTypesBuilder#upcaster(String, int, Upcaster)} for a type
 * name and the version it starts from; on read, an event stored at version 1 of a type now at
 * version 3 passes through the upcasters from 1 and from 2, then becomes the record.
 *
 * <p>An upcaster may change the given node in place and return it, or return a new node. It runs
 * only for events stored at an older version, never on the direct path, and must be a pure
 * function of the data: the same input always gives the same output, on every read and replay.
 *
 * <pre>{@code
 * // version 1 had "amount" in cents; version 2 has "total" as a decimal string
 * Upcaster centsToTotal = data -> {
 *     long cents = data.remove("amount").asLong();
 *     return data.put("total", BigDecimal.valueOf(cents, 2).toPlainString());
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Upcaster {

    /**
     * Returns the data in the shape of the next version.
     *
     * @param data the stored data, a JSON object in the shape of the version this upcaster starts from
     * @return the data in the shape of the next version, never {@code null}
     */
    ObjectNode upcast(ObjectNode data);
}

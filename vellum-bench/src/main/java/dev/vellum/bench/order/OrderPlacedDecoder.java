package dev.vellum.bench.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns event data into {@link OrderPlaced}, the way an application's read side would, with one
 * reused Jackson reader. Thread-safe.
 */
public final class OrderPlacedDecoder {

    private final ObjectReader reader = new ObjectMapper().readerFor(OrderPlaced.class);

    /** Deserializes one event's data. */
    public OrderPlaced decode(String json) {
        try {
            return reader.readValue(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Not an OrderPlaced: " + json, e);
        }
    }
}

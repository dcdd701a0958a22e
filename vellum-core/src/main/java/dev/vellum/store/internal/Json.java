package dev.vellum.store.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON machinery the store internals share: one factory, one mapper. */
public final class Json {

    /** A plain mapper for small internal documents such as metadata. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /** The streaming factory behind {@link #MAPPER}. */
    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }
}

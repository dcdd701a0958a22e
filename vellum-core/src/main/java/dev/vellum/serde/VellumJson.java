package dev.vellum.serde;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.vellum.serde.internal.FastInstantDeserializer;

/**
 * The JSON configuration Vellum uses for event data. {@link EventTypes} uses a mapper made here
 * unless {@link EventTypesBuilder#objectMapper(ObjectMapper)} is given another one; start from
 * {@link #newObjectMapper()} when you need to add a module for your own value types.
 *
 * <p>The configuration:
 * <ul>
 *   <li>records and {@code java.time} types ({@code Instant}, {@code LocalDate}, {@code Duration}...),
 *       written as ISO-8601 strings rather than numbers, and read back with their stored offset
 *       ({@code Instant}s in the UTC form written here are parsed by a fast path, since nearly
 *       every event has one);
 *   <li>unknown properties are ignored on read, so older code can read data that gained fields;
 *   <li>trailing content after the JSON value is an error, not silently dropped;
 *   <li>JSON trees (what {@link Upcaster}s see) keep decimals exact: {@code 1.10} stays
 *       {@code 1.10}, never a {@code double} and never {@code 1.1}. The price: {@code BigDecimal}
 *       has no negative zero, so a {@code double} field holding {@code -0.0} reads back as
 *       {@code 0.0} when its event is upcast (the direct path keeps it);
 *   <li>no default typing: the JSON never names Java classes, and reading never instantiates a
 *       class named by the data.
 * </ul>
 */
public final class VellumJson {

    private VellumJson() {
    }

    /** A new, independent mapper with the configuration above. */
    public static ObjectMapper newObjectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(FastInstantDeserializer.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .build();
    }
}

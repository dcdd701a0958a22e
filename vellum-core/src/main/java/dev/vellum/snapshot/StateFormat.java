package dev.vellum.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.vellum.serde.VellumJson;
import java.util.Objects;

/**
 * How an aggregate's state is written into a snapshot and read back: JSON through Jackson, under a
 * stable name and a schema version that you declare.
 *
 * <pre>{@code
 * StateFormat<Account> format = StateFormat.json("account", 1, Account.class);
 * }</pre>
 *
 * <p><b>Raise the version whenever the state's shape changes</b> (a field added, removed, renamed
 * or given another meaning). Snapshots taken at another version are then ignored and replaced, and
 * states are folded from the events again, so no upcasting of snapshots is ever needed. A state
 * that is a record of JSON-friendly fields works with the default mapper
 * ({@link VellumJson#newObjectMapper()}); a state that is a sealed interface needs a mapper that
 * knows its subtypes (for example with {@code @JsonTypeInfo} on the interface).
 *
 * <p>The JSON is written in ASCII, every other character escaped, so any snapshot store keeps it
 * byte for byte, even a string that is not valid Unicode.
 *
 * @param <S> the state type
 */
public final class StateFormat<S> {

    private final String name;
    private final int version;
    private final Class<S> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private StateFormat(String name, int version, Class<S> type, ObjectMapper mapper) {
        this.name = Snapshot.checkStateType(name);
        if (version < 1) {
            throw new IllegalArgumentException("The schema version of state '" + name + "' must be 1 or more, got " + version);
        }
        this.version = version;
        this.type = Objects.requireNonNull(type, "type");
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type).with(JsonWriteFeature.ESCAPE_NON_ASCII);
    }

    /** JSON with Vellum's default mapper. */
    public static <S> StateFormat<S> json(String name, int version, Class<S> type) {
        return json(name, version, type, VellumJson.newObjectMapper());
    }

    /** JSON with the given mapper. */
    public static <S> StateFormat<S> json(String name, int version, Class<S> type, ObjectMapper mapper) {
        return new StateFormat<>(name, version, type, Objects.requireNonNull(mapper, "mapper"));
    }

    /** The state's stable name, the {@link Snapshot#stateType()} of its snapshots. */
    public String name() {
        return name;
    }

    /** The state's schema version. */
    public int version() {
        return version;
    }

    /** The state's class. */
    public Class<S> type() {
        return type;
    }

    /** The state as JSON. @throws StateFormatException when Jackson cannot write it */
    public String write(S state) {
        try {
            return writer.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new StateFormatException("Cannot write state '" + name + "' (" + type.getName() + ") as JSON: "
                    + e.getOriginalMessage() + ". Give its fields JSON-friendly types, or pass a mapper that knows them.", e);
        }
    }

    /** The state read from JSON. @throws StateFormatException when the JSON does not fit */
    public S read(String json) {
        try {
            S state = reader.readValue(json);
            if (state == null) {
                throw new StateFormatException("The snapshot of state '" + name + "' holds JSON null.", null);
            }
            return state;
        } catch (JsonProcessingException e) {
            throw new StateFormatException("Cannot read state '" + name + "' version " + version + " (" + type.getName()
                    + ") from a snapshot: " + e.getOriginalMessage() + ". If the state's shape changed, raise its "
                    + "schema version so such snapshots are ignored.", e);
        }
    }

    @Override
    public String toString() {
        return "StateFormat[" + name + " v" + version + ", " + type.getName() + "]";
    }
}

package dev.vellum.server.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.vellum.serde.VellumJson;
import dev.vellum.store.RecordedEvent;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * The server's JSON: the events' Jackson configuration, with {@link RecordedEvent}s written as
 * {@link EventJson} says, and the two ways an answer is written: built as a value and then written
 * ({@link #answer}), or streamed into the answer as it is produced ({@link #stream}), as pages of
 * events are.
 */
public final class Json {

    /** The mapper every resource reads and writes with; it writes events as the API shows them. */
    public static final ObjectMapper MAPPER = VellumJson.newObjectMapper()
            .registerModule(new SimpleModule("vellum-server").addSerializer(RecordedEvent.class, new EventJson()));

    /** The media type of every answer but problems and the live feed. */
    public static final String MEDIA_TYPE = "application/json";

    /** Jackson's description of where it read from, and the place in it. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)]");

    private Json() {
    }

    /** What writes a streamed answer's JSON, from its first token to its last. */
    @FunctionalInterface
    public interface Body {

        /** Writes the whole body to {@code out}. */
        void write(JsonGenerator out) throws IOException;
    }

    /**
     * What Jackson found wrong with a request's JSON, for its problem's detail: its message, with the
     * places it names as "line L, column C" instead of Jackson's source description, and where
     * reading stopped.
     */
    public static String whatIsWrong(JsonProcessingException e) {
        String message = SOURCE.matcher(e.getOriginalMessage()).replaceAll("line $1, column $2");
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? message
                : message + " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** {@code value} as JSON bytes. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Answers {@code ctx} with {@code status} and {@code body} as JSON. */
    public static void answer(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType(MEDIA_TYPE);
        ctx.result(bytes(body));
    }

    /**
     * Answers {@code ctx} with {@code status} and the JSON {@code body} writes, written straight into
     * the response (through its compression, when the client asked for it) instead of built first:
     * a page of events never exists as a tree or as one large byte array. Everything that can fail
     * for a reason other than the connection must have been read before: once the first bytes are
     * out, the status cannot change.
     */
    public static void stream(Context ctx, int status, Body body) {
        ctx.status(status);
        ctx.contentType(MEDIA_TYPE);
        try (JsonGenerator out = MAPPER.getFactory().createGenerator(ctx.outputStream())) {
            out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // Javalin ends the response after the handler
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("The answer could not be written: the client may have gone away", e);
        }
    }
}

package dev.vellum.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vellum.store.StreamId;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Reads what a request carries: a bounded JSON body, numbers and names from its path and query. */
public final class Requests {

    /** How far past the body limit a refused body is still read, so that its client hears the 413. */
    private static final long DRAIN_BYTES = 16L << 20;

    /** Up to this size, a body whose length the request declares is read into one array of that size. */
    private static final int SMALL_BODY_BYTES = 64 * 1024;

    private Requests() {
    }

    /**
     * The body as JSON, read up to {@code maxBytes} (whatever the request says its length is).
     *
     * @throws RequestException 415 when it is not JSON, 413 when too large, 400 when malformed
     */
    public static JsonNode jsonBody(Context ctx, long maxBytes) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(Json.MEDIA_TYPE)) {
            throw new RequestException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "The body must be JSON: send it with "
                    + "Content-Type: application/json (got " + contentType + ").");
        }
        byte[] body = read(ctx, maxBytes);
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new RequestException(ProblemType.MALFORMED_REQUEST, "The body is empty: send a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new RequestException(ProblemType.MALFORMED_REQUEST, "The body is not well-formed JSON: "
                    + Json.whatIsWrong(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Context ctx, long maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > maxBytes) {
                throw declared > drainBudget(maxBytes) ? tooLarge(maxBytes) : tooLarge(in, maxBytes);
            }
            if (declared >= 0 && declared <= SMALL_BODY_BYTES) {
                return in.readNBytes((int) declared); // the usual case: one array of the right size
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(in, maxBytes);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new RequestException(ProblemType.MALFORMED_REQUEST, "The body could not be read: " + e.getMessage());
        }
    }

    /**
     * The refusal of a body over the limit, after reading and dropping the rest of it up to
     * {@link #DRAIN_BYTES} past the limit: a server that answers and closes while the client is still
     * sending resets the connection, and the client sees a broken pipe instead of the 413. A body
     * declared larger than that bound is not read at all.
     */
    private static RequestException tooLarge(InputStream in, long maxBytes) throws IOException {
        long budget = drainBudget(maxBytes);
        byte[] buffer = new byte[16 * 1024];
        int n;
        while (budget > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, budget))) >= 0) {
            budget -= n;
        }
        return tooLarge(maxBytes);
    }

    private static long drainBudget(long maxBytes) {
        return maxBytes > Long.MAX_VALUE - DRAIN_BYTES ? Long.MAX_VALUE : maxBytes + DRAIN_BYTES;
    }

    private static RequestException tooLarge(long maxBytes) {
        return new RequestException(ProblemType.REQUEST_TOO_LARGE, "The body is larger than the server's limit of "
                + maxBytes + " bytes: split the append, or store large payloads elsewhere.");
    }

    /** The stream named by the path parameter {@code stream}. */
    public static StreamId stream(Context ctx) {
        return StreamId.of(ctx.pathParam("stream"));
    }

    /**
     * A whole number from the query, or {@code fallback} when absent. A parameter given with no value
     * ({@code ?limit=}) is not absent: it asks for something and says nothing, so it is refused rather
     * than silently defaulted.
     *
     * @throws RequestException 400 when it is empty or not a number, 422 when out of {@code [min, max]}
     */
    public static long number(Context ctx, String name, long fallback, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        if (text.isEmpty()) {
            throw new RequestException(ProblemType.MALFORMED_REQUEST, "The parameter '" + name
                    + "' has no value: give a whole number, or leave it out for its default.");
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new RequestException(ProblemType.MALFORMED_REQUEST, "The parameter '" + name
                    + "' must be a whole number, got '" + text + "'.");
        }
        if (value < min || value > max) {
            throw new RequestException(ProblemType.INVALID_VALUE, "The parameter '" + name + "' must be between "
                    + min + " and " + max + ", got " + value + ".");
        }
        return value;
    }

    /** A page size from the query parameter {@code limit}: 1 to {@code max}, {@code fallback} when absent. */
    public static int limit(Context ctx, int fallback, int max) {
        return (int) number(ctx, "limit", fallback, 1, max);
    }

    /** A text parameter from the query, or {@code fallback}. */
    public static String text(Context ctx, String name, String fallback) {
        String text = ctx.queryParam(name);
        return text == null ? fallback : text;
    }

    /** A required text field of a JSON object. @throws RequestException 400 when missing or not text */
    public static String textField(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || !value.isTextual()) {
            throw new RequestException(ProblemType.MALFORMED_REQUEST, "The field '" + field
                    + "' is missing or not a string.");
        }
        return value.textValue();
    }

    /**
     * A whole number field of a JSON object, or {@code fallback} when absent.
     *
     * @throws RequestException 400 when it is not a whole number, 422 when out of {@code [min, max]}
     */
    public static long numberField(JsonNode object, String field, long fallback, long min, long max) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new RequestException(ProblemType.MALFORMED_REQUEST, "The field '" + field
                    + "' must be a whole number.");
        }
        if (value.longValue() < min || value.longValue() > max) {
            throw new RequestException(ProblemType.INVALID_VALUE, "The field '" + field + "' must be between "
                    + min + " and " + max + ", got " + value.longValue() + ".");
        }
        return value.longValue();
    }
}

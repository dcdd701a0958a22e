package dev.vellum.serde.internal;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Turns an exception into one short line for an error message. Not API. */
public final class Messages {

    private Messages() {
    }

    /**
     * The first line of the error's message, without Jackson's location suffix; the class name when
     * there is no message.
     */
    public static String firstLine(Throwable error) {
        String message = error instanceof JsonProcessingException json ? json.getOriginalMessage() : error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message).strip();
    }
}

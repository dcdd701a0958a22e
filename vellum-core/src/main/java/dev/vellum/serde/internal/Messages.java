package dev.vellum.serde.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;

/** Turns an exception into one short line for an error message. Not API. */
public final class Messages {

    private Messages() {
    }

    /**
     * The first line of the error's message, without Jackson's location suffix but with where in
     * the data it happened (a field path such as {@code lines[1].quantity}, or a line and column);
     * the class name when there is no message.
     */
    public static String firstLine(Throwable error) {
        String message = error instanceof JsonProcessingException json ? json.getOriginalMessage() : error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getSimpleName();
        }
        String line = message.lines().findFirst().orElse(message).strip();
        if (error instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return line + " (at " + path(mapping.getPath()) + ")";
        }
        JsonLocation location = error instanceof JsonProcessingException json ? json.getLocation() : null;
        if (location != null && location.getLineNr() > 0) {
            return line + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return line;
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}

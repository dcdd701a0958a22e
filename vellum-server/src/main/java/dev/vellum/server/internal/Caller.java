package dev.vellum.server.internal;

import io.javalin.http.Context;

/**
 * Who made an authenticated request, as the routes need it: the user's name (recorded with each
 * operator action) and role (shown by {@code GET /}). The access check puts it on the request;
 * the routes read it with {@link #of(Context)}.
 *
 * @param name the user's name
 * @param role the user's role in lower case, e.g. {@code operator}
 */
public record Caller(String name, String role) {

    /** The request attribute holding the caller of an authenticated request. */
    public static final String ATTRIBUTE = "vellum.caller";

    /** The caller of {@code ctx}, which passed the access check of a viewer's or operator's route. */
    public static Caller of(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }
}

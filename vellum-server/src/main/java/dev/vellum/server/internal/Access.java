package dev.vellum.server.internal;

import io.javalin.security.RouteRole;

/** Who may call a route: anyone, a viewer (or operator), or an operator only. */
public enum Access implements RouteRole {
    /** Anyone, without credentials: health, metrics, the API description. */
    PUBLIC,
    /** A viewer or an operator: every read. */
    VIEWER,
    /** An operator: every change. */
    OPERATOR;
}

package dev.vellum.server.internal;

import dev.vellum.server.Role;
import io.javalin.security.RouteRole;

/** Who may call a route: anyone, a viewer (or operator), or an operator only. */
public enum Access implements RouteRole {
    /** Anyone, without credentials: health, metrics, the API description. */
    PUBLIC,
    /** A viewer or an operator: every read. */
    VIEWER,
    /** An operator: every change. */
    OPERATOR;

    /** True when a user of {@code role} may call a route of this access. */
    public boolean allows(Role role) {
        return switch (this) {
            case PUBLIC, VIEWER -> true;
            case OPERATOR -> role == Role.OPERATOR;
        };
    }
}

package dev.vellum.server;

import dev.vellum.server.Users.Identity;
import dev.vellum.server.internal.Access;
import dev.vellum.server.internal.Caller;
import dev.vellum.server.internal.ProblemType;
import dev.vellum.server.internal.RequestException;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks every matched request against its route's {@link Access}: a bearer token, HTTP Basic, or
 * the login cookie; {@code GET /?token=...} (the login URL) sets that cookie. No credentials, or
 * wrong ones, answer 401; a viewer on an operator's route answers 403.
 */
final class Authenticator {

    /** The cookie the login URL sets. */
    static final String COOKIE = "vellum_token";

    private final Users users;

    /** Checks against {@code users}. */
    Authenticator(Users users) {
        this.users = users;
    }

    /**
     * The {@code beforeMatched} handler; on success the request carries its {@link Caller}.
     *
     * @throws RequestException 401 or 403
     */
    void check(Context ctx) {
        Access access = access(ctx);
        if (access == Access.PUBLIC) {
            return;
        }
        Identity identity = identify(ctx).orElseThrow(() -> new RequestException(ProblemType.UNAUTHORIZED,
                "This resource needs credentials: send 'Authorization: Bearer TOKEN' or HTTP Basic, "
                        + "or open the login URL the server printed at start."));
        if (access == Access.OPERATOR && identity.role() != Role.OPERATOR) {
            throw new RequestException(ProblemType.FORBIDDEN, "User '" + identity.name() + "' is a "
                    + identity.role().name().toLowerCase() + "; " + ctx.method() + " " + ctx.path()
                    + " needs the operator role.");
        }
        ctx.attribute(Caller.ATTRIBUTE, new Caller(identity.name(), identity.role().name().toLowerCase(Locale.ROOT)));
    }

    /** The access the matched route asks for; a route that names none is the operator's. */
    private static Access access(Context ctx) {
        for (Object role : ctx.routeRoles()) {
            if (role instanceof Access access) {
                return access;
            }
        }
        return Access.OPERATOR;
    }

    private Optional<Identity> identify(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            return Optional.of(fromHeader(authorization));
        }
        String login = "/".equals(ctx.path()) ? ctx.queryParam("token") : null;
        if (login != null) {
            Identity identity = users.byToken(login).orElseThrow(Authenticator::wrongCredentials);
            ctx.cookie(new Cookie(COOKIE, login, "/", -1, false, true, null, SameSite.STRICT));
            return Optional.of(identity);
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null) {
            return Optional.of(users.byToken(cookie).orElseThrow(Authenticator::wrongCredentials));
        }
        return Optional.empty();
    }

    private Identity fromHeader(String authorization) {
        int space = authorization.indexOf(' ');
        String scheme = space < 0 ? authorization : authorization.substring(0, space);
        String value = space < 0 ? "" : authorization.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return users.byToken(value).orElseThrow(Authenticator::wrongCredentials);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw wrongCredentials();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw wrongCredentials();
            }
            return users.byPassword(decoded.substring(0, colon), decoded.substring(colon + 1))
                    .orElseThrow(Authenticator::wrongCredentials);
        }
        throw new RequestException(ProblemType.UNAUTHORIZED, "Unknown authorization scheme '" + scheme
                + "': use Bearer or Basic.");
    }

    private static RequestException wrongCredentials() {
        return new RequestException(ProblemType.UNAUTHORIZED, "These credentials match no user: check the token "
                + "or the user name and secret.");
    }
}

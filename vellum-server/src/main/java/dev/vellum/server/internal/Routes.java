package dev.vellum.server.internal;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where route groups register their routes, each with the {@link Access} it needs; the list is
 * what the API description is checked against. A route cannot be registered without an access.
 */
public final class Routes {

    /**
     * One registered route.
     *
     * @param method its HTTP method
     * @param path its path, with {@code {name}} parameters
     * @param access who may call it
     */
    public record Route(HandlerType method, String path, Access access) {
    }

    private final RoutesConfig config;
    private final List<Route> routes = new ArrayList<>();

    /** Registers into {@code config}. */
    public Routes(RoutesConfig config) {
        this.config = config;
    }

    /**
     * A {@code GET} route, which answers {@code HEAD} too: the same handler under the same access,
     * its body left out by Jetty (Javalin alone would answer a bare 200 without running it, and
     * without the route's access, so an open {@code HEAD /health} asked for credentials).
     */
    public void get(String path, Access access, Handler handler) {
        add(HandlerType.GET, path, access, handler);
        config.addHttpHandler(HandlerType.HEAD, path, handler, access);
    }

    /** A {@code POST} route. */
    public void post(String path, Access access, Handler handler) {
        add(HandlerType.POST, path, access, handler);
    }

    /** A {@code DELETE} route. */
    public void delete(String path, Access access, Handler handler) {
        add(HandlerType.DELETE, path, access, handler);
    }

    /**
     * A {@code GET} route answered with Server-Sent Events. {@code check} runs first, after the
     * access check and before the event stream's headers go out, so a bad request still gets a
     * problem document.
     */
    public void sse(String path, Access access, Handler check, Consumer<SseClient> client) {
        routes.add(new Route(HandlerType.GET, path, access));
        config.beforeMatched(path, check);
        config.sse(path, client, access);
    }

    /**
     * A {@code GET} route of the web console (a page shell or a static asset): open to anyone, as
     * it holds no data (the page's script reads the API with the browser's credentials), and not
     * part of the API, so not in {@link #all()}.
     */
    public void page(String path, Handler handler) {
        config.addHttpHandler(HandlerType.GET, path, handler, Access.PUBLIC);
        config.addHttpHandler(HandlerType.HEAD, path, handler, Access.PUBLIC);
    }

    /** Every route of the API registered so far. */
    public List<Route> all() {
        return List.copyOf(routes);
    }

    private void add(HandlerType method, String path, Access access, Handler handler) {
        routes.add(new Route(method, path, access));
        config.addHttpHandler(method, path, handler, access);
    }
}

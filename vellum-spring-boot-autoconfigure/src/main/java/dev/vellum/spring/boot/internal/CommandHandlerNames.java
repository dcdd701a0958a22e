package dev.vellum.spring.boot.internal;

import dev.vellum.decider.CommandHandler;
import dev.vellum.server.CommandEndpoint;
import dev.vellum.spring.boot.VellumConfigurationException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The one name of each command handler of an application, which its meters' {@code aggregate} tag, the
 * mounted server's {@code /api/commands} and its console all show: the aggregate name of the
 * {@code CommandEndpoint} bean that serves it over HTTP (a URL segment the application chose), or else
 * the {@code CommandHandler} bean's name. Handlers that only an endpoint bean holds are named too.
 */
public final class CommandHandlerNames {

    private static final String ENDPOINT = "dev.vellum.server.CommandEndpoint";

    private CommandHandlerNames() {
    }

    /**
     * The handlers of {@code beans}, each with its name.
     *
     * @throws VellumConfigurationException when endpoints serve one handler under two aggregate names
     */
    public static Map<CommandHandler<?, ?, ?>, String> of(ListableBeanFactory beans) {
        Map<CommandHandler<?, ?, ?>, String> names = new IdentityHashMap<>();
        beans.getBeansOfType(CommandHandler.class).forEach((name, handler) -> names.put(handler, name));
        ClassLoader loader = CommandHandlerNames.class.getClassLoader();
        if (ClassUtils.isPresent(ENDPOINT, loader)) {
            Endpoints.name(beans, names);
        }
        return names;
    }

    /** Kept apart so that {@code vellum-server}'s classes load only when it is on the class path. */
    private static final class Endpoints {

        static void name(ListableBeanFactory beans, Map<CommandHandler<?, ?, ?>, String> names) {
            Map<CommandHandler<?, ?, ?>, String> byEndpoint = new IdentityHashMap<>();
            for (CommandEndpoint<?, ?, ?> endpoint : beans.getBeansOfType(CommandEndpoint.class).values()) {
                String earlier = byEndpoint.putIfAbsent(endpoint.handler(), endpoint.aggregate());
                if (earlier != null && !earlier.equals(endpoint.aggregate())) {
                    throw new VellumConfigurationException("One command handler is served by two CommandEndpoint beans,"
                            + " as '" + earlier + "' and as '" + endpoint.aggregate() + "': one handler has one name in"
                            + " the meters, the HTTP API and the console, so give each endpoint its own handler, or keep one"
                            + " of the two endpoints.");
                }
            }
            names.putAll(byEndpoint);
        }
    }
}

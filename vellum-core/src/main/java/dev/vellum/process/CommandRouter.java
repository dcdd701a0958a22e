package dev.vellum.process;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.store.StreamId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Sends commands to the command handlers of other aggregates, chosen by the command's class: how a
 * process manager reaches the aggregates it coordinates, through their own command handling
 * (loading, deciding, idempotency by command id, conflicts).
 *
 * <pre>{@code
 * CommandRouter router = CommandRouter.builder()
 *         .route(ProjectCommand.class, projects)
 *         .route(TaskCommand.class, tasks)
 *         .build();
 * }</pre>
 */
public final class CommandRouter {

    private final Map<Class<?>, CommandHandler<?, ?, ?>> routes;

    private CommandRouter(Map<Class<?>, CommandHandler<?, ?, ?>> routes) {
        this.routes = Map.copyOf(routes);
    }

    /** Starts collecting routes. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Handles {@code command} on {@code target} with the handler routed for its class (or a supertype).
     *
     * @throws UnroutableCommandException when no route fits
     */
    public CommandResult<?> send(StreamId target, Object command, CommandMetadata metadata) {
        Objects.requireNonNull(command, "command");
        for (Map.Entry<Class<?>, CommandHandler<?, ?, ?>> route : routes.entrySet()) {
            if (route.getKey().isInstance(command)) {
                return handle(route.getValue(), target, command, metadata);
            }
        }
        throw new UnroutableCommandException("No command handler is routed for " + command.getClass().getName()
                + " (sent to '" + target + "'). Add .route(" + command.getClass().getSimpleName()
                + ".class, handler) to the process's CommandRouter.");
    }

    @SuppressWarnings("unchecked")
    private static <C> CommandResult<?> handle(CommandHandler<C, ?, ?> handler, StreamId target, Object command,
            CommandMetadata metadata) {
        return handler.handle(target, (C) command, metadata);
    }

    /** Collects routes for a {@link CommandRouter}. */
    public static final class Builder {

        private final Map<Class<?>, CommandHandler<?, ?, ?>> routes = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sends commands of {@code commandType} (and its subtypes) to {@code handler}. */
        public <C> Builder route(Class<C> commandType, CommandHandler<? super C, ?, ?> handler) {
            if (routes.putIfAbsent(Objects.requireNonNull(commandType, "commandType"), Objects.requireNonNull(handler, "handler")) != null) {
                throw new IllegalArgumentException(commandType.getName() + " is routed twice: keep one route.");
            }
            return this;
        }

        /** The router. */
        public CommandRouter build() {
            return new CommandRouter(routes);
        }
    }
}

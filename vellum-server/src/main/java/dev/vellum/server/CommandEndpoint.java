package dev.vellum.server;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.Decider;
import dev.vellum.serde.EventTypes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One aggregate's commands over HTTP: {@code POST /api/commands/{aggregate}/{stream}} with a
 * command type named here and its fields as JSON, answered with the command result. Each command
 * type is registered by name with its Java class, which the JSON is read into (no class is ever
 * named by the request):
 *
 * <pre>{@code
 * CommandEndpoint<OrderCommand, Order, OrderEvent> orders = CommandEndpoint
 *         .builder("order", handler, Order.DECIDER, OrderEvent.TYPES)
 *         .command("PlaceOrder", PlaceOrder.class)
 *         .command("ConfirmOrder", ConfirmOrder.class)
 *         .build();
 * }</pre>
 *
 * @param <C> the commands
 * @param <S> the state
 * @param <E> the events
 */
public final class CommandEndpoint<C, S, E> {

    private final String aggregate;
    private final CommandHandler<C, S, E> handler;
    private final Decider<C, S, E> decider;
    private final EventTypes types;
    private final Map<String, Class<? extends C>> commands;

    private CommandEndpoint(Builder<C, S, E> builder) {
        this.aggregate = builder.aggregate;
        this.handler = builder.handler;
        this.decider = builder.decider;
        this.types = builder.types;
        this.commands = Map.copyOf(builder.commands);
    }

    /**
     * Starts describing the commands of one aggregate.
     *
     * @param aggregate its name in the URL, e.g. {@code order}
     * @param handler the handler commands run through
     * @param decider the same decider the handler runs, for dry runs (deciding without appending)
     * @param types the registry the handler's events are serialized with, for the answers
     */
    public static <C, S, E> Builder<C, S, E> builder(String aggregate, CommandHandler<C, S, E> handler,
            Decider<C, S, E> decider, EventTypes types) {
        return new Builder<>(aggregate, handler, decider, types);
    }

    /** Its name in the URL. */
    public String aggregate() {
        return aggregate;
    }

    /** The handler commands run through. */
    public CommandHandler<C, S, E> handler() {
        return handler;
    }

    /** The decider, for dry runs. */
    public Decider<C, S, E> decider() {
        return decider;
    }

    /** The registry of its events. */
    public EventTypes types() {
        return types;
    }

    /** The class of the command registered under {@code name}, if any. */
    public Optional<Class<? extends C>> commandClass(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    /** The names of its commands. */
    public Set<String> commandNames() {
        return commands.keySet();
    }

    /**
     * Describes one aggregate's commands.
     *
     * @param <C> the commands
     * @param <S> the state
     * @param <E> the events
     */
    public static final class Builder<C, S, E> {
        private final String aggregate;
        private final CommandHandler<C, S, E> handler;
        private final Decider<C, S, E> decider;
        private final EventTypes types;
        private final Map<String, Class<? extends C>> commands = new LinkedHashMap<>();

        private Builder(String aggregate, CommandHandler<C, S, E> handler, Decider<C, S, E> decider, EventTypes types) {
            if (aggregate == null || !aggregate.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new ServerConfigurationException("Invalid aggregate name '" + aggregate
                        + "': use 1-64 letters, digits or _ . - (it is a URL segment).");
            }
            this.aggregate = aggregate;
            this.handler = Objects.requireNonNull(handler, "handler");
            this.decider = Objects.requireNonNull(decider, "decider");
            this.types = Objects.requireNonNull(types, "types");
        }

        /** Registers a command type under {@code name}, e.g. {@code PlaceOrder}. */
        public Builder<C, S, E> command(String name, Class<? extends C> type) {
            if (name == null || !name.matches("[A-Za-z0-9_.-]{1,100}")) {
                throw new ServerConfigurationException("Invalid command name '" + name
                        + "': use 1-100 letters, digits or _ . -.");
            }
            if (commands.putIfAbsent(name, Objects.requireNonNull(type, "type")) != null) {
                throw new ServerConfigurationException("The command '" + name + "' of '" + aggregate
                        + "' is registered twice.");
            }
            return this;
        }

        /** The endpoint. @throws ServerConfigurationException when no command was registered */
        public CommandEndpoint<C, S, E> build() {
            if (commands.isEmpty()) {
                throw new ServerConfigurationException("The aggregate '" + aggregate
                        + "' has no commands: register them with command(name, type).");
            }
            return new CommandEndpoint<>(this);
        }
    }
}

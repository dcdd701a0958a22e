package dev.vellum.server.cli;

import dev.vellum.postgres.PostgresEventStore;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import dev.vellum.store.VellumException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vellum serve}: the HTTP API over an embedded SQLite file or a PostgreSQL database, until
 * stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves the HTTP API over an embedded SQLite file or a PostgreSQL database until stopped.")
final class ServeCommand implements Callable<Integer> {

    /** Where the events are: one of the two. */
    static final class Store {
        @Option(names = "--db", description = "The embedded SQLite store's file (created when missing).")
        Path file;

        @Option(names = "--postgres", description = "A PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/app; "
                + "the password comes from the PGPASSWORD environment variable.")
        String jdbcUrl;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Store store;

    @Option(names = "--pg-user", defaultValue = "postgres", description = "The PostgreSQL user (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--pg-schema", defaultValue = "vellum", description = "The PostgreSQL schema (default: ${DEFAULT-VALUE}).")
    String schema;

    @Mixin
    ServeOptions serve;

    @Override
    public Integer call() {
        EventStore opened;
        try {
            opened = open();
        } catch (VellumException e) {
            // a store that cannot be opened (held by another process, unreachable): its message says what to do
            System.err.println(e.getMessage());
            return 2;
        }
        try (EventStore events = opened) {
            return serve.serve(events);
        } finally {
            serve.closed();
        }
    }

    private EventStore open() {
        if (store.file != null) {
            return SqliteEventStore.open(store.file.toAbsolutePath());
        }
        return PostgresEventStore.builder(store.jdbcUrl, user, System.getenv("PGPASSWORD")).schema(schema).open();
    }
}

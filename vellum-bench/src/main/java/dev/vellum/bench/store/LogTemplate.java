package dev.vellum.bench.store;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.sqlite.Durability;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamAppender;
import dev.vellum.store.StreamId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A SQLite event store file holding a large log of benchmark events, written once per bench
 * process (the first time a run asks for it) and copied into each run's directory: filling a
 * million events for every run would take longer than the runs. Appends of
 * {@link StreamAppender#MAX_EVENTS_PER_APPEND} events, one stream each, with
 * {@code synchronous=NORMAL}; the file is deleted when the process ends.
 */
public final class LogTemplate {

    private final int events;
    private Path file;

    /** A template of {@code events} events (a multiple of the append size, or rounded up to one). */
    public LogTemplate(int events) {
        this.events = events;
    }

    /** How many events it holds. */
    public int events() {
        return events;
    }

    /** Copies the log into {@code directory} as {@code events.db}, writing it first if needed; returns the copy. */
    public synchronized Path copyInto(Path directory) throws IOException {
        if (file == null) {
            file = write(directory.getParent());
        }
        Path copy = directory.resolve("events.db");
        Files.copy(file, copy);
        return copy;
    }

    private Path write(Path parent) throws IOException {
        Path dir = Files.createTempDirectory(parent, "log-template-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
        Path db = dir.resolve("events.db");
        try (SqliteEventStore store = SqliteEventStore.builder(db).synchronous(Durability.NORMAL).open()) {
            int perAppend = StreamAppender.MAX_EVENTS_PER_APPEND;
            for (int written = 0, stream = 1; written < events; written += perAppend, stream++) {
                store.append(StreamId.of(OrderEvents.streamName(stream)), ExpectedRevision.noStream(),
                        OrderEventData.batch(Math.min(perAppend, events - written)));
            }
        } // closing checkpoints the write-ahead log into the file
        return db;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // the temporary directory stays; nothing else to do at exit
        }
    }
}

package dev.vellum.sqlite.projection;

import dev.vellum.sqlite.Durability;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What the crash tests of SQL read models share: a filled event store, a child JVM to kill, an integrity check. */
final class CrashFixture {

    private CrashFixture() {
    }

    /** Appends {@code events} events of type {@code Counted}, 100 at a time, over {@code streams} streams. */
    static Position fill(Path file, int events, int streams) {
        try (SqliteEventStore store = SqliteEventStore.builder(file).synchronous(Durability.NORMAL).open()) {
            for (int i = 0; i < events; i += 100) {
                List<EventData> batch = new ArrayList<>(100);
                for (int j = 0; j < 100; j++) {
                    batch.add(EventData.of("Counted", "{\"n\":" + (i + j) + "}"));
                }
                store.append(StreamId.of("s-" + (i / 100) % streams), ExpectedRevision.any(), batch);
            }
            return store.head();
        }
    }

    /** Starts {@code main} in a JVM of its own on this class path, its standard error to {@code log}. */
    static Process startChild(Class<?> main, Path log, Path... files) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
        for (Path file : files) {
            command.add(file.toString());
        }
        return new ProcessBuilder(command).redirectError(log.toFile()).start();
    }

    /** What SQLite's integrity check says of {@code file}: {@code ok} when it is whole. */
    static String integrity(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }
}

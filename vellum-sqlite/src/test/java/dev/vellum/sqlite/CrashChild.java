package dev.vellum.sqlite;

import dev.vellum.store.AppendResult;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Metadata;
import dev.vellum.store.StreamId;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The process {@link CrashRecoveryTest} kills: it appends from many threads for ever and prints one
 * line per acknowledged append, {@code ACK stream marker revision position count END}.
 */
public final class CrashChild {

    static final int THREADS = 8;
    static final int STREAMS = 20;

    private CrashChild() {
    }

    /** @param args the database file */
    public static void main(String[] args) {
        PrintStream out = System.out;
        SqliteEventStore store = SqliteEventStore.open(Path.of(args[0]));
        for (int t = 0; t < THREADS; t++) {
            Thread.ofPlatform().start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (true) {
                    StreamId stream = StreamId.of("crash-" + random.nextInt(STREAMS));
                    String marker = UUID.randomUUID().toString();
                    int count = 1 + random.nextInt(5);
                    List<EventData> events = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        Metadata metadata = Metadata.EMPTY.withHeader("marker", marker)
                                .withHeader("index", Integer.toString(i)).withHeader("count", Integer.toString(count));
                        events.add(EventData.of("Appended", "{\"marker\":\"" + marker + "\",\"index\":" + i + "}")
                                .withMetadata(metadata));
                    }
                    AppendResult result = store.append(stream, ExpectedRevision.any(), events);
                    synchronized (out) {
                        out.println("ACK " + stream + " " + marker + " " + result.revision() + " "
                                + result.position().value() + " " + count + " END");
                        out.flush();
                    }
                }
            });
        }
    }
}

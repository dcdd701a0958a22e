package dev.vellum.kafka;

import dev.vellum.sqlite.SqliteEventStore;
import java.nio.file.Path;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The process {@link InboxKillTest} kills: an inbox taking readings into a SQLite store, printing
 * {@code TOOK topic/partition/offset} as it translates each record (slowly, so a kill lands mid-batch).
 * Arguments: bootstrap servers, topic, group id, store file.
 */
public final class InboxCrashChild {

    private InboxCrashChild() {
    }

    /** Runs until killed. */
    public static void main(String[] args) throws Exception {
        SqliteEventStore store = SqliteEventStore.open(Path.of(args[3]));
        RecordTranslator slow = record -> {
            System.out.println("TOOK " + record.topic() + "/" + record.partition() + "/" + record.offset());
            System.out.flush();
            Thread.sleep(2);
            return Readings.TRANSLATOR.translate(record);
        };
        KafkaInbox.builder("killed", args[0], args[2], slow).topics(args[1])
                .property(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100)
                .property(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000) // the group notices the kill soon
                .property(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000).start(store);
        Thread.sleep(Long.MAX_VALUE);
    }
}

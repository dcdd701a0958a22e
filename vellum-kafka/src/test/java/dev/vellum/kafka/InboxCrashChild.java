package dev.vellum.kafka;

import dev.vellum.sqlite.SqliteEventStore;
import java.nio.file.Path;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The process the kill tests kill: an inbox taking records into a SQLite store, printing
 * {@code TOOK topic/partition/offset} as it translates each one (slowly, so a kill lands in the
 * middle of a batch). Arguments: bootstrap servers, topic, group id, store file, and what it takes
 * in: {@code readings} ({@link Readings}, inbox {@code killed}, batches of 100) or {@code devices}
 * ({@link DeviceRecords}, inbox {@code devices}, batches of 10).
 */
public final class InboxCrashChild {

    private InboxCrashChild() {
    }

    /** Runs until killed. */
    public static void main(String[] args) throws Exception {
        SqliteEventStore store = SqliteEventStore.open(Path.of(args[3]));
        boolean devices = args[4].equals("devices");
        RecordTranslator translator = devices ? DeviceRecords.TRANSLATOR : Readings.TRANSLATOR;
        long pause = devices ? 100 : 2;
        RecordTranslator slow = record -> {
            System.out.println("TOOK " + record.topic() + "/" + record.partition() + "/" + record.offset());
            System.out.flush();
            Thread.sleep(pause);
            return translator.translate(record);
        };
        KafkaInbox.builder(devices ? "devices" : "killed", args[0], args[2], slow).topics(args[1])
                .property(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, devices ? 10 : 100)
                .property(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000) // the group notices the kill soon
                .property(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000).start(store);
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Starts this class in a new JVM, its output in {@code dir/child.out} and {@code dir/child.err}. */
    static Process start(Path dir, String bootstrapServers, String topic, String group, Path db, String mode)
            throws java.io.IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                InboxCrashChild.class.getName(), bootstrapServers, topic, group, db.toString(), mode)
                .redirectOutput(dir.resolve("child.out").toFile()).redirectError(dir.resolve("child.err").toFile()).start();
    }

    /** How many records the child has begun to translate, as its output says. */
    static long took(Path dir) {
        Path out = dir.resolve("child.out");
        try {
            return java.nio.file.Files.exists(out)
                    ? java.nio.file.Files.readAllLines(out).stream().filter(l -> l.startsWith("TOOK ")).count() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}

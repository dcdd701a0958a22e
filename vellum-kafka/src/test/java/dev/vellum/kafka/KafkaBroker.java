package dev.vellum.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker for tests: one node acting as broker and KRaft controller, started in this
 * JVM by Kafka's own test kit ({@code kafka-test-common-runtime}, from Maven Central), listening on
 * 127.0.0.1 only, its data in a temporary directory deleted on close.
 *
 * <p>That directory is in memory ({@code /dev/shm}) where the machine has one. The broker syncs its
 * metadata log and each new partition's directory to disk, and after the suites before this one wrote
 * gigabytes such a sync can wait long for the disk. Twice a new topic took nothing for tens of seconds
 * on a fresh machine (a first produce expired after 30 s in a clean clone; an inbox took almost nothing
 * for 60 s in CI) while the same tests never stalled on a warm one; a waiting sync is the likely cause.
 * What the tests check is Kafka's and the inbox's behaviour, not the disk's.
 */
final class KafkaBroker implements AutoCloseable {

    private static final Path IN_MEMORY = Path.of("/dev/shm");

    private final KafkaClusterTestKit cluster;
    private final Path directory;

    private KafkaBroker(KafkaClusterTestKit cluster, Path directory) {
        this.cluster = cluster;
        this.directory = directory;
    }

    static KafkaBroker start() throws Exception {
        Path directory = Files.isDirectory(IN_MEMORY) && Files.isWritable(IN_MEMORY)
                ? Files.createTempDirectory(IN_MEMORY, "vellum-kafka-")
                : Files.createTempDirectory("vellum-kafka-");
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).setBaseDirectory(directory).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // one node is its own controller: a heartbeat held up by a slow disk (the metadata log is
                // synced) must not fence the broker and take every partition offline for a while
                .setConfigProp("broker.session.timeout.ms", "120000")
                .setConfigProp("offsets.topic.num.partitions", "3")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            delete(directory);
            throw e;
        }
        return new KafkaBroker(cluster, directory);
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    String createTopic(String name, int partitions) {
        return createTopic(name, partitions, Map.of());
    }

    String createTopic(String name, int partitions, Map<String, String> config) {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(config))).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!led(admin, name, partitions)) { // produce only once every partition has its leader
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Topic " + name + " has partitions without a leader after 30 s");
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topic " + name, e);
        }
        return name;
    }

    private static boolean led(Admin admin, String topic, int partitions) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.partitions().size() == partitions
                    && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (Exception e) {
            return false;
        }
    }

    /** Reads the topic from the beginning until {@code count} records came, or 30 s passed. */
    List<ConsumerRecord<String, String>> readAll(String topic, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The offsets group {@code group} has committed on {@code topic}, summed over its partitions. */
    long committed(String topic, String group) throws Exception {
        try (Admin admin = cluster.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            delete(directory);
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

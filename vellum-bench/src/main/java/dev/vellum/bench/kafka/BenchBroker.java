package dev.vellum.bench.kafka;

import dev.vellum.bench.order.OrderEvents;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The Kafka broker of the inbox rows: one KRaft node (broker and controller) started in the bench's
 * JVM by Kafka's own test kit, on 127.0.0.1, its data in a temporary directory, started on first use
 * and stopped at the end of the run ({@link #stop}); and the one topic every run reads, filled once.
 */
public final class BenchBroker {

    /** The topic's partitions. */
    public static final int PARTITIONS = 3;

    /** The streams the records' keys spread over: {@code order-<n>}. */
    static final int STREAMS = 1_000;

    private static BenchBroker started;

    private final KafkaClusterTestKit cluster;
    private final String topic;
    private final int records;

    private BenchBroker(KafkaClusterTestKit cluster, String topic, int records) {
        this.cluster = cluster;
        this.topic = topic;
        this.records = records;
    }

    /** The broker, started on the first call with a topic of {@code records} BENCH.md events. */
    public static synchronized BenchBroker get(int records) throws Exception {
        if (started == null) {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            Runtime.getRuntime().addShutdownHook(new Thread(BenchBroker::stop));
            started = new BenchBroker(cluster, fill(cluster, records), records);
        }
        if (started.records != records) {
            throw new IllegalStateException("The bench broker holds " + started.records + " records, not " + records);
        }
        return started;
    }

    /** Stops the broker if it was started; its threads would keep the JVM alive. */
    public static synchronized void stop() {
        if (started != null) {
            try {
                started.cluster.close();
            } catch (Exception e) {
                System.err.println("The bench's Kafka broker did not stop cleanly: " + e);
            }
            started = null;
        }
    }

    private static String fill(KafkaClusterTestKit cluster, int records) throws Exception {
        String topic = "orders";
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        Properties properties = new Properties();
        properties.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, OrderEvents.streamName(i % STREAMS), OrderEvents.randomData()));
            }
            producer.flush();
        }
        return topic;
    }

    /** Where clients connect. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** The topic of {@link #records()} records over {@link #PARTITIONS} partitions, keyed by stream name. */
    public String topic() {
        return topic;
    }

    /** How many records the topic holds. */
    public int records() {
        return records;
    }
}

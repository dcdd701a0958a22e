package dev.vellum.kafka;

import dev.vellum.worker.spi.WorkerNames;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.InvalidNameException;
import dev.vellum.store.Position;
import dev.vellum.store.VellumException;
import dev.vellum.time.Backoff;
import dev.vellum.time.TransientFailure;
import dev.vellum.worker.PartitionLag;
import dev.vellum.worker.Worker;
import dev.vellum.worker.WorkerControl;
import dev.vellum.worker.WorkerKind;
import dev.vellum.worker.WorkerStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Takes events in from Kafka: consumes topics in a consumer group, has a {@link RecordTranslator}
 * turn each record into events for the streams it chooses, appends them, and commits a record's
 * offset only once its events are durable.
 *
 * <ul>
 * <li><b>Each record stored once.</b> Event ids derive from the record (its {@value KafkaSink#ID_HEADER}
 *     header when the producer set one, else its topic, partition and offset) and the event's index,
 *     so a record delivered again after a crash or a rebalance is recognised by the store's idempotent
 *     append and stores nothing twice.</li>
 * <li><b>Nothing lost on a rebalance.</b> Offsets are committed by hand after the appends are durable;
 *     when partitions are revoked, what was stored of them is committed first; a crash between the
 *     append and the commit delivers the records again, which the store recognises.</li>
 * <li><b>In partition order.</b> The records of a partition are appended in offset order, so each
 *     stream fed from one partition (one key, one device) gets its events in the order produced.</li>
 * <li><b>Nothing skipped silently.</b> A record the translator cannot read, or whose events the store
 *     refuses, is parked in the store (stream {@code $inbox-parked-<name>}) with its topic, partition,
 *     offset, key, value, headers and the error; the partition goes on or stops there according to the
 *     {@link PoisonPolicy}; an operator retries or skips it.</li>
 * </ul>
 *
 * <pre>{@code
 * try (KafkaInbox inbox = KafkaInbox.builder("devices", "broker-1:9092", "device-service", translator)
 *         .topics("device-errors").start(store)) {
 *     workers.register(inbox);   // status, lag per partition, parked records, retry and skip
 * }
 * }</pre>
 *
 * <p>It is a {@link Worker} of kind {@link WorkerKind#INBOX} named {@code inbox.<name>}. Its status
 * does not follow the log (checkpoint and head are {@link Position#START}): its lag is the records
 * not yet committed over the partitions it holds, and {@link WorkerStatus#partitions()} (the same as
 * {@link #partitions()}) gives them one by one, read from memory: a status never asks the broker.
 * Paused, it keeps its partitions and takes nothing; resuming also starts it again after it failed.
 * {@link #retryParked} and {@link #skipParked} take the position where a record was parked
 * ({@link ParkedRecord#position()}).
 */
public final class KafkaInbox implements Worker, AutoCloseable {

    /** The reserved metadata header on each event stored: the record it came from, {@code topic/partition/offset}. */
    public static final String SOURCE_HEADER = "$kafka";

    private final String name;
    private final String worker;
    private final RecordTranslator translator;
    private final EventStore store;
    private final ParkedRecords parked;
    private final Supplier<InboxLoop> starter;
    private volatile InboxLoop loop;
    private volatile Thread thread;
    private volatile boolean paused;
    private volatile boolean closed;

    private KafkaInbox(Builder builder, EventStore store) {
        this.name = builder.name;
        this.worker = "inbox." + builder.name;
        this.translator = builder.translator;
        this.store = store;
        this.parked = new ParkedRecords(builder.name, worker, store);
        Map<String, Object> properties = Map.copyOf(builder.properties);
        List<String> topics = builder.topics;
        PoisonPolicy policy = builder.policy;
        Backoff backoff = builder.backoff;
        Supplier<Consumer<String, String>> consumers = builder.consumers != null ? builder.consumers
                : () -> new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        this.starter = () -> new InboxLoop(name, consumers.get(), topics, translator, store, parked, policy, backoff, paused);
        launch();
    }

    private void launch() {
        loop = starter.get();
        thread = Thread.ofPlatform().name("vellum-" + worker).daemon().start(loop);
    }

    /**
     * Starts defining an inbox.
     *
     * @param name 1-80 letters, digits, {@code _ - .}; its event ids and parked records derive from it
     * @param bootstrapServers the cluster, e.g. {@code broker-1:9092,broker-2:9092}
     * @param groupId the consumer group its instances share: partitions are spread over them
     * @param translator what turns a record into events
     * @throws InvalidNameException when the name breaks that rule
     */
    public static Builder builder(String name, String bootstrapServers, String groupId, RecordTranslator translator) {
        return new Builder(name, bootstrapServers, groupId, translator);
    }

    /** Its worker name, {@code inbox.<name>}. */
    @Override
    public String name() {
        return worker;
    }

    @Override
    public WorkerKind kind() {
        return WorkerKind.INBOX;
    }

    @Override
    public Set<WorkerControl> controls() {
        return WorkerKind.INBOX.controls();
    }

    /**
     * The lag of each partition this instance holds now, as it last looked (at most a second ago): its
     * status's {@link WorkerStatus#partitions()}.
     */
    public List<PartitionLag> partitions() {
        return loop.lags();
    }

    /**
     * The records parked and not yet retried or skipped, by any instance, in the order parked, from
     * memory: the worker model's parked work of an inbox.
     */
    @Override
    public List<ParkedRecord> parked() {
        return parked.unresolved();
    }

    @Override
    public WorkerStatus status() {
        InboxLoop current = loop;
        return current.progress().status(worker, closed, paused, parked.count(), current.lags(), current.caughtUpMillis());
    }

    /** Stops taking records at its next poll; it keeps its partitions (and its place in the group). */
    @Override
    public synchronized void pause() {
        if (!closed) {
            paused = true;
            loop.pause(true);
        }
    }

    /** Goes on after a pause; after a failure, starts again with a new consumer from the committed offsets. */
    @Override
    public synchronized void resume() {
        if (closed) {
            return;
        }
        paused = false;
        if (loop.ended()) { // failed: a new consumer from the committed offsets
            launch();
        } else {
            loop.pause(false);
        }
    }

    /**
     * Translates the record parked at {@code position} again and stores its events (with the ids it
     * would have had), then marks it retried; a partition stopped at it goes on after it.
     *
     * @throws ParkedRecordNotFoundException when no record is parked there; nothing changed
     * @throws ParkedRecordStillFailsException when it fails again; it stays parked, with one more
     *     {@linkplain ParkedRecord#attempts() attempt} and this error
     */
    @Override
    public void retryParked(Position position) {
        ParkedRecord record = parked.get(position);
        ConsumerRecord<String, String> again = ParkedRecords.asRecord(record);
        try {
            for (RecordEvents.Append append : RecordEvents.of(name, again, translator.translate(again))) {
                store.append(append.stream(), ExpectedRevision.any(), append.events());
            }
        } catch (VellumException e) {
            if (TransientFailure.isIn(e)) {
                throw e;
            }
            throw stillFails(record, e);
        } catch (Exception e) {
            throw stillFails(record, e);
        }
        parked.resolve(record, true);
    }

    private ParkedRecordStillFailsException stillFails(ParkedRecord record, Exception error) {
        parked.retryFailed(record, error);
        return new ParkedRecordStillFailsException(worker, record.coordinates(), error);
    }

    /**
     * Drops the record parked at {@code position} without storing it; a partition stopped at it goes on
     * after it.
     *
     * @throws ParkedRecordNotFoundException when no record is parked there; nothing changed
     */
    @Override
    public void skipParked(Position position) {
        parked.resolve(parked.get(position), false);
    }

    /**
     * Stops: the batch in progress is stored and committed, the consumer leaves its group (its
     * partitions go to the other instances), and the thread ends, waited for up to 15 s.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.close();
        try {
            thread.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Settings for a {@link KafkaInbox}: the topics, the poison policy, and the consumer's properties. */
    public static final class Builder {

        private final String name;
        private final RecordTranslator translator;
        private final Map<String, Object> properties = new HashMap<>();
        private List<String> topics = List.of();
        private PoisonPolicy policy = PoisonPolicy.PARK_AND_GO_ON;
        private Backoff backoff = Backoff.TRANSIENT;
        private Supplier<Consumer<String, String>> consumers;

        private Builder(String name, String bootstrapServers, String groupId, RecordTranslator translator) {
            this.name = WorkerNames.check("inbox", name, "device-errors");
            this.translator = Objects.requireNonNull(translator, "translator");
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("An inbox needs bootstrap servers, e.g. 'broker-1:9092'.");
            }
            if (groupId == null || groupId.isBlank()) {
                throw new IllegalArgumentException("An inbox needs a consumer group id, shared by its instances,"
                        + " e.g. 'device-service'.");
            }
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "vellum-inbox-" + name);
        }

        /** The topics to consume; at least one. */
        public Builder topics(String... names) {
            for (String topic : names) {
                if (topic == null || topic.isBlank()) {
                    throw new IllegalArgumentException("A topic name must not be blank.");
                }
            }
            this.topics = List.of(names);
            return this;
        }

        /** What to do after parking a record: {@link PoisonPolicy#PARK_AND_GO_ON} unless set. */
        public Builder poisonPolicy(PoisonPolicy newPolicy) {
            this.policy = Objects.requireNonNull(newPolicy, "poisonPolicy");
            return this;
        }

        /** The waits between attempts when the store cannot take records; 100 ms doubling up to 5 s unless set. */
        public Builder backoff(Backoff newBackoff) {
            this.backoff = Objects.requireNonNull(newBackoff, "backoff");
            return this;
        }

        /**
         * Any other consumer property (security, {@code max.poll.records}, {@code auto.offset.reset},
         * which is {@code earliest} unless set). Offsets are committed by the inbox, so auto commit and
         * the deserializers cannot be changed.
         */
        public Builder property(String property, Object value) {
            if (property.equals(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)
                    || property.equals(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG)
                    || property.equals(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG)) {
                throw new IllegalArgumentException("The inbox commits offsets itself, after the appends, and reads keys"
                        + " and values as strings; '" + property + "' cannot be changed.");
            }
            properties.put(property, value);
            return this;
        }

        /**
         * Starts the inbox: a consumer thread joins the group and takes records in.
         *
         * @param store where the events (and the parked records) are stored
         */
        public KafkaInbox start(EventStore store) {
            Objects.requireNonNull(store, "store");
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("Inbox '" + name + "' needs at least one topic: call topics(...).");
            }
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            return new KafkaInbox(this, store);
        }
    }
}

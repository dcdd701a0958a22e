package dev.vellum.bench.kafka;

import dev.vellum.bench.order.OrderEvents;
import dev.vellum.bench.scenario.Fixture;
import dev.vellum.bench.scenario.Synchronous;
import dev.vellum.bench.scenario.Workload;
import dev.vellum.bench.store.VellumTarget;
import dev.vellum.kafka.InboxEvent;
import dev.vellum.kafka.KafkaInbox;
import dev.vellum.kafka.RecordTranslator;
import dev.vellum.store.EventStore;
import dev.vellum.store.Metadata;
import dev.vellum.store.StreamId;
import dev.vellum.worker.PartitionLag;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The inbox taking a whole topic in: one operation is a new inbox (its own name, so its event ids are
 * new to the store, and its own consumer group, so it reads from offset 0) storing every record of
 * the {@link BenchBroker}'s topic as an {@code OrderPlaced} event in stream {@code <key>}, until every
 * offset is committed; then it is closed. The translator only wraps the record (no parsing), as the
 * raw loop does.
 *
 * @param name the row's name for it
 * @param records the records of the topic
 * @param target the store, opened for each run ({@code FULL} where it has the setting)
 */
public record InboxIntake(String name, int records, VellumTarget target) implements Workload {

    private static final Duration LIMIT = Duration.ofMinutes(5);
    private static final RecordTranslator ORDERS = record -> List.of(
            new InboxEvent(StreamId.of(record.key()), OrderEvents.TYPE, record.value(), Metadata.EMPTY));

    @Override
    public boolean reportsLatency() {
        return false;
    }

    @Override
    public Fixture open(Path directory) throws Exception {
        BenchBroker broker = BenchBroker.get(records);
        EventStore store = target.factory().open(directory, Synchronous.FULL);
        AtomicInteger intakes = new AtomicInteger();
        return Fixture.of(1, thread -> () -> {
            String run = directory.getFileName() + "-" + intakes.incrementAndGet();
            try (KafkaInbox inbox = KafkaInbox.builder("bench-" + run, broker.bootstrapServers(), "bench-" + run, ORDERS)
                    .topics(broker.topic()).start(store)) {
                long deadline = System.nanoTime() + LIMIT.toNanos();
                while (inbox.partitions().stream().mapToLong(PartitionLag::committed).sum() < broker.records()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("The inbox did not take the topic in: " + inbox.status());
                    }
                    Thread.sleep(2);
                }
            }
            return broker.records();
        }, store::close);
    }
}

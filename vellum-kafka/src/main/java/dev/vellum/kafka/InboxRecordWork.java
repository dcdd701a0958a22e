package dev.vellum.kafka;

import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.IdempotencyConflictException;
import dev.vellum.store.InvalidEventException;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.worker.WorkerError;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an {@link InboxLoop} does with one record: translates it and sends its appends to the store
 * without waiting, or parks it when the translator fails or the store refuses its events for good
 * (stopping its partition when the {@link PoisonPolicy} says so). A record already parked and
 * resolved is done.
 */
final class InboxRecordWork {

    private static final Logger LOG = LoggerFactory.getLogger(InboxLoop.class);

    /** One record's work in a batch: its appends (or its park) as one future. */
    record Pending(TopicPartition partition, ConsumerRecord<String, String> record, CompletableFuture<?> work,
            boolean parking) {
    }

    private final String name;
    private final RecordTranslator translator;
    private final EventStore store;
    private final ParkedRecords parked;
    private final PoisonPolicy policy;
    private final InboxProgress progress;
    private final InboxOffsets offsets;

    InboxRecordWork(String name, RecordTranslator translator, EventStore store, ParkedRecords parked,
            PoisonPolicy policy, InboxProgress progress, InboxOffsets offsets) {
        this.name = name;
        this.translator = translator;
        this.store = store;
        this.parked = parked;
        this.policy = policy;
        this.progress = progress;
        this.offsets = offsets;
    }

    /** Starts the work of {@code record}: its appends, or its park. */
    Pending start(TopicPartition partition, ConsumerRecord<String, String> record) {
        if (parked.isResolved(RecordEvents.coordinates(record.topic(), record.partition(), record.offset()))) {
            return new Pending(partition, record, CompletableFuture.completedFuture(null), false);
        }
        List<RecordEvents.Append> appends;
        try {
            List<InboxEvent> events = translator.translate(record);
            if (events == null) {
                throw new IllegalStateException("The translator returned null; it returns an empty list for a record"
                        + " to ignore.");
            }
            appends = RecordEvents.of(name, record, events);
        } catch (Exception | LinkageError e) {
            return new Pending(partition, record, park(partition, record, e), true);
        }
        CompletableFuture<?>[] work = new CompletableFuture<?>[appends.size()];
        for (int i = 0; i < work.length; i++) {
            RecordEvents.Append append = appends.get(i);
            work[i] = store.appendAsync(append.stream(), ExpectedRevision.any(), append.events());
        }
        return new Pending(partition, record, CompletableFuture.allOf(work), false);
    }

    /** Parks {@code record}, which failed with {@code error}; completes once the park is durable. */
    CompletableFuture<?> park(TopicPartition partition, ConsumerRecord<String, String> record, Throwable error) {
        String at = RecordEvents.coordinates(record.topic(), record.partition(), record.offset());
        WorkerError cause = WorkerError.of(error, null, Instant.now());
        progress.error(new WorkerError(cause.type(), "record " + at + " parked: " + cause.message(), null, cause.at()));
        LOG.warn("Inbox '{}' parks record {}: {}", name, at, error.toString());
        if (policy == PoisonPolicy.STOP_PARTITION) {
            offsets.stop(partition, record.offset());
        }
        return parked.park(record, error);
    }

    /** True when the store refused the events for good: retrying the same append cannot help. */
    static boolean refused(Throwable error) {
        return error instanceof InvalidEventException || error instanceof IdempotencyConflictException
                || error instanceof StreamDeletedException;
    }

    /** Waits for {@code work}: its error, or {@code null} when it succeeded. */
    static Throwable outcome(CompletableFuture<?> work) {
        try {
            work.get();
            return null;
        } catch (ExecutionException | CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }
}

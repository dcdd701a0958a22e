package dev.vellum.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.process.ProcessManagerTest.Ping;
import dev.vellum.process.ProcessManagerTest.Pong;
import dev.vellum.serde.EventDeserializationException;
import dev.vellum.serde.EventTypes;
import dev.vellum.serde.PayloadDeserializationException;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Issue 11.15: a process manager's inputs give the observed event and a timer's payload typed. */
class TypedInputsTest {

    record Reminder(String round, int attempt) {
    }

    private static final EventTypes TYPES = EventTypes.builder()
            .register("Ping", Ping.class).register("Pong", Pong.class).register("Reminder", Reminder.class).build();

    @Test
    void anObservedEventIsHandedOverAsTheTypeAskedForOrATypedError() {
        try (InMemoryEventStore store = new InMemoryEventStore()) {
            store.append(StreamId.of("round", "1"), ExpectedRevision.noStream(), TYPES.serialize(new Ping("1")));
            RecordedEvent recorded = store.readStream(StreamId.of("round-1")).getFirst();
            ProcessInput.Observed observed = new ProcessInput.Observed(TYPES.deserialize(recorded), recorded);

            assertThat(observed.event(Ping.class)).isEqualTo(new Ping("1"));
            assertThat(observed.event(Record.class)).isEqualTo(new Ping("1"));
            assertThatThrownBy(() -> observed.event(Pong.class)).isInstanceOf(EventDeserializationException.class)
                    .hasMessageContaining("not a " + Pong.class.getName());
        }
    }

    @Test
    void aTimerScheduledWithARecordFiresWithThatRecord() {
        ProcessAction.Schedule schedule = (ProcessAction.Schedule) ProcessAction.schedule("remind", Instant.EPOCH, TYPES,
                new Reminder("1", 2));
        assertThat(schedule.payload()).isEqualTo("{\"round\":\"1\",\"attempt\":2}");

        ProcessInput.TimerFired fired = new ProcessInput.TimerFired("remind", schedule.payload(), Instant.EPOCH);
        assertThat(fired.payload(TYPES, Reminder.class)).isEqualTo(new Reminder("1", 2));
        assertThatThrownBy(() -> new ProcessInput.TimerFired("remind", "[1]", Instant.EPOCH).payload(TYPES, Reminder.class))
                .isInstanceOf(PayloadDeserializationException.class).hasMessageContaining("'Reminder'");
    }
}

package dev.vellum.projection;

import static dev.vellum.projection.ProjectionFixtures.awaitCheckpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.serde.EventDeserializationException;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Issue 11.14: a projection taking its types as classes can hand its handler the deserialized events. */
class TypedHandlerTest {

    sealed interface UserEvent {
        record Registered(String id, String name) implements UserEvent {
        }

        record Renamed(String id, String name) implements UserEvent {
        }
    }

    private static final EventTypes TYPES = EventTypes.builder()
            .register("UserRegistered", UserEvent.Registered.class).register("UserRenamed", UserEvent.Renamed.class)
            .build();

    @Test
    void theHandlerGetsEachEventAsItsRecordBesideTheStoredEvent() throws Exception {
        List<String> names = new CopyOnWriteArrayList<>();
        List<Position> positions = new CopyOnWriteArrayList<>();
        Projection<ProjectionContext> directory = Projection.builder("user-directory")
                .handles(TYPES, UserEvent.Registered.class, UserEvent.Renamed.class)
                .handler(ProjectionHandler.typed(TYPES, UserEvent.class, (context, event, recorded) -> {
                    positions.add(recorded.position());
                    names.add(switch (event) {
                        case UserEvent.Registered r -> "registered " + r.name();
                        case UserEvent.Renamed r -> "renamed " + r.name();
                    });
                }))
                .build();
        try (InMemoryEventStore store = new InMemoryEventStore(); ProjectionRunner runner = ProjectionRunner.create(store)) {
            store.append(StreamId.of("user", "1"), ExpectedRevision.noStream(), TYPES.serialize(new UserEvent.Registered("1", "Ada")));
            store.append(StreamId.of("other", "1"), ExpectedRevision.noStream(), EventData.of("Unrelated", "{}"));
            Position last = store.append(StreamId.of("user", "1"), ExpectedRevision.any(),
                    TYPES.serialize(new UserEvent.Renamed("1", "Ada L."))).position();
            awaitCheckpoint(runner.start(directory, new InMemoryCheckpointStore()), last);

            assertThat(names).containsExactly("registered Ada", "renamed Ada L.");
            assertThat(positions).last().isEqualTo(last);
        }
    }

    @Test
    void anEventThatIsNotOfTheTypeFailsAsAHandlerErrorWithATypedException() {
        ProjectionHandler<ProjectionContext> handler = ProjectionHandler.typed(TYPES, UserEvent.Registered.class,
                (context, event, recorded) -> { });
        try (InMemoryEventStore store = new InMemoryEventStore()) {
            store.append(StreamId.of("user", "1"), ExpectedRevision.noStream(), TYPES.serialize(new UserEvent.Renamed("1", "x")));
            RecordedEvent renamed = store.readStream(StreamId.of("user-1")).getFirst();
            assertThatThrownBy(() -> handler.apply(null, renamed)).isInstanceOf(EventDeserializationException.class)
                    .hasMessageContaining("not a " + UserEvent.Registered.class.getName());
        }
    }
}

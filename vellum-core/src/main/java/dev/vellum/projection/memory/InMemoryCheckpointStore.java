package dev.vellum.projection.memory;

import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.Checkpoints;
import dev.vellum.projection.ParkedEvent;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionId;
import dev.vellum.store.Position;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Keeps checkpoints and parked events in memory: for tests, and for read models that live in
 * memory and are rebuilt at every start. Its context is the plain {@link ProjectionContext}, so
 * handlers write elsewhere and get each event at least once (a batch whose transaction did not
 * commit is applied again). A transaction collects its changes and applies them all at once on
 * commit; its reads see what was committed before it.
 */
public final class InMemoryCheckpointStore implements CheckpointStore<ProjectionContext> {

    private final Map<ProjectionId, Checkpoints> checkpoints = new HashMap<>();
    private final Map<String, ProjectionId> active = new HashMap<>();
    private final Map<ProjectionId, TreeMap<Position, ParkedEvent>> parked = new HashMap<>();

    @Override
    public boolean exactlyOnce() {
        return false;
    }

    @Override
    public synchronized Optional<Checkpoints> checkpoints(ProjectionId projection) {
        return Optional.ofNullable(checkpoints.get(projection));
    }

    @Override
    public synchronized Optional<ProjectionId> active(String name) {
        return Optional.ofNullable(active.get(name));
    }

    @Override
    public synchronized List<ParkedEvent> parkedEvents(ProjectionId projection) {
        return List.copyOf(parked.getOrDefault(projection, new TreeMap<>()).values());
    }

    @Override
    public Transaction<ProjectionContext> begin(ProjectionId projection) {
        return new InMemoryTransaction(projection);
    }

    private synchronized void apply(List<Consumer<InMemoryCheckpointStore>> changes) {
        changes.forEach(change -> change.accept(this));
    }

    private synchronized boolean isParked(ProjectionId projection, Position position) {
        return parked.getOrDefault(projection, new TreeMap<>()).containsKey(position);
    }

    /** Collects changes; applies them on commit. */
    private final class InMemoryTransaction implements Transaction<ProjectionContext> {

        private final ProjectionId id;
        private final ProjectionContext context;
        private final List<Consumer<InMemoryCheckpointStore>> changes = new ArrayList<>();
        private final List<Position> unparked = new ArrayList<>();
        private boolean ended;

        InMemoryTransaction(ProjectionId id) {
            this.id = id;
            this.context = ProjectionContext.of(id);
        }

        @Override
        public ProjectionContext context() {
            return context;
        }

        @Override
        public Optional<Checkpoints> checkpoints(ProjectionId projection) {
            return InMemoryCheckpointStore.this.checkpoints(projection);
        }

        @Override
        public Optional<ProjectionId> active() {
            return InMemoryCheckpointStore.this.active(id.name());
        }

        @Override
        public void resetCheckpoints(Checkpoints saved) {
            changes.add(s -> s.checkpoints.put(id, saved));
        }

        @Override
        public void saveCheckpoint(int partition, Position position) {
            changes.add(s -> {
                List<Position> positions = new ArrayList<>(s.checkpoints.get(id).positions());
                positions.set(partition, position);
                s.checkpoints.put(id, new Checkpoints(positions));
            });
        }

        @Override
        public void park(ParkedEvent event) {
            changes.add(s -> s.parked.computeIfAbsent(id, p -> new TreeMap<>()).put(event.position(), event));
        }

        @Override
        public boolean unpark(Position position) {
            if (unparked.contains(position) || !isParked(id, position)) {
                return false;
            }
            unparked.add(position);
            changes.add(s -> s.parked.get(id).remove(position));
            return true;
        }

        @Override
        public void activate() {
            changes.add(s -> s.active.put(id.name(), id));
        }

        @Override
        public void drop() {
            changes.add(s -> {
                s.checkpoints.remove(id);
                s.parked.remove(id);
                s.active.remove(id.name(), id);
            });
        }

        @Override
        public void commit() {
            if (ended) {
                throw new IllegalStateException("The transaction of projection '" + id + "' already ended.");
            }
            ended = true;
            apply(changes);
        }

        @Override
        public void close() {
            ended = true;
        }
    }
}

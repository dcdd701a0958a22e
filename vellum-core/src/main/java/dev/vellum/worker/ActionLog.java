package dev.vellum.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vellum.serde.VellumJson;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Metadata;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The operator log as events in the store's stream {@value #STREAM}: an action sent to the node that
 * runs its worker ({@value #REQUESTED}) and an action carried out, with its outcome ({@value #TAKEN}).
 * Event ids derive from the action's id, so recording one again stores nothing twice.
 */
final class ActionLog {

    /** The reserved stream of the operator log. */
    public static final String STREAM = "$operator-actions";
    /** The category the registries follow. */
    public static final String CATEGORY = "$operator";
    /** The type of an action sent on to the node that runs its worker. */
    public static final String REQUESTED = "vellum.OperatorActionRequested";
    /** The type of an action carried out, with its outcome. */
    public static final String TAKEN = "vellum.OperatorActionTaken";

    /** An action taken and its outcome, as the data of a {@value #TAKEN} event. */
    public record Taken(OperatorAction action, ActionOutcome outcome) {
    }

    private static final ObjectMapper JSON = VellumJson.newObjectMapper();
    private static final StreamId STREAM_ID = StreamId.of(STREAM);

    private final EventStore store;

    /** The log in {@code store}. */
    public ActionLog(EventStore store) {
        this.store = store;
    }

    /** Records {@code action} for the node that runs its worker. */
    public void requested(OperatorAction action) {
        append(REQUESTED, action.id(), action);
    }

    /** Records that {@code action} was carried out, with {@code outcome}. */
    public void taken(OperatorAction action, ActionOutcome outcome) {
        append(TAKEN, action.id(), new Taken(action, outcome));
    }

    private void append(String type, UUID action, Object data) {
        UUID id = UUID.nameUUIDFromBytes((type + "\u0000" + action).getBytes(StandardCharsets.UTF_8));
        try {
            store.append(STREAM_ID, ExpectedRevision.any(),
                    new EventData(id, type, JSON.writeValueAsString(data), Metadata.EMPTY));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An operator action could not be written as JSON: " + e, e);
        }
    }

    /** The action of a {@value #REQUESTED} event. */
    public static OperatorAction request(RecordedEvent event) {
        return read(event, OperatorAction.class);
    }

    /** The action and outcome of a {@value #TAKEN} event. */
    public static Taken taken(RecordedEvent event) {
        return read(event, Taken.class);
    }

    private static <T> T read(RecordedEvent event, Class<T> type) {
        try {
            return JSON.readValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The operator log's event at position " + event.position()
                    + " is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Every action recorded, in the order they were asked, each with its outcome once there is one. */
    public List<RecordedAction> all() {
        List<RecordedEvent> events;
        try {
            events = store.readStream(STREAM_ID);
        } catch (StreamNotFoundException e) {
            return List.of();
        }
        Map<UUID, OperatorAction> actions = new LinkedHashMap<>();
        Map<UUID, ActionOutcome> outcomes = new LinkedHashMap<>();
        for (RecordedEvent event : events) {
            if (event.type().equals(REQUESTED)) {
                OperatorAction action = request(event);
                actions.putIfAbsent(action.id(), action);
            } else if (event.type().equals(TAKEN)) {
                Taken taken = taken(event);
                actions.putIfAbsent(taken.action().id(), taken.action());
                outcomes.putIfAbsent(taken.action().id(), taken.outcome());
            }
        }
        List<RecordedAction> all = new ArrayList<>(actions.size());
        actions.forEach((id, action) -> all.add(new RecordedAction(action, Optional.ofNullable(outcomes.get(id)))));
        return all;
    }
}

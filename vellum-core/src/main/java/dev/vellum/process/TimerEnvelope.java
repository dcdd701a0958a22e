package dev.vellum.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerStoreException;

/** How a process's timer is stored: its id names the process, instance and timer; its payload carries them back. */
final class TimerEnvelope {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The parts of a stored process timer. */
    record Parts(String instance, String name, String payload) {
    }

    private TimerEnvelope() {
    }

    static String id(ProcessSettings<?, ?> process, String instance, String name) {
        return ProcessEngine.bounded(process.name() + "/" + instance + "/" + name);
    }

    static String write(String instance, String name, String payload) {
        return JSON.createObjectNode().put("instance", instance).put("name", name).put("payload", payload).toString();
    }

    /** {@code stored} with the payload the process scheduled in place of the envelope around it. */
    static StoredTimer asScheduled(StoredTimer stored) {
        Timer timer = stored.timer();
        Timer scheduled = new Timer(timer.id(), timer.process(), timer.due(), read(timer).payload(), timer.deadline());
        return new StoredTimer(scheduled, stored.state(), stored.attempts(), stored.nextAttempt(), stored.lastError(),
                stored.endedAt());
    }

    static Parts read(Timer timer) {
        try {
            JsonNode node = JSON.readTree(timer.payload());
            return new Parts(node.get("instance").asText(), node.get("name").asText(), node.get("payload").asText());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new TimerStoreException("Timer '" + timer.id() + "' is not a process timer Vellum wrote: "
                    + e.getMessage(), e);
        }
    }
}

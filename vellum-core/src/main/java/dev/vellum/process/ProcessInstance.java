package dev.vellum.process;

import dev.vellum.store.StreamSummary;
import java.util.Objects;

/**
 * One instance of a process manager as the store's catalog lists it, for operators: its id and its
 * stream's summary (last revision, readable events, deleted or not). Its state and history are read
 * with {@link RunningProcess#instance(String)} and from the store at {@link RunningProcess#instanceStream(String)}.
 *
 * @param id the instance's id, as its {@link Correlator} gave it
 * @param stream the summary of its stream, {@code <category>-<id>}
 */
public record ProcessInstance(String id, StreamSummary stream) {

    /** Checks that nothing is missing. */
    public ProcessInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stream, "stream");
    }
}

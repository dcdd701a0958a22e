package dev.vellum.decider;

import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;

/** A state was asked for as of a revision that the stream does not have, or no longer shows. */
public final class RevisionNotFoundException extends VellumException {
    private static final long serialVersionUID = 1L;

    /**
     * @param stream the stream
     * @param revision the revision asked for
     * @param lastReadable the last revision folded up to it, or -1
     */
    public RevisionNotFoundException(StreamId stream, long revision, long lastReadable) {
        super("Stream '" + stream + "' has no readable revision " + revision + (lastReadable < 0
                ? ": no event at or before it can be read (the stream is missing, or deleted or truncated past it)"
                : ": the last readable revision up to it is " + lastReadable) + ". Ask for a revision the stream shows.");
    }
}

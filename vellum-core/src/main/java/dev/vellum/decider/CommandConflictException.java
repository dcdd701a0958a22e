package dev.vellum.decider;

import dev.vellum.store.StreamId;
import dev.vellum.store.VellumException;

/**
 * A command lost the race for its stream more times than its {@link dev.vellum.retry.Retries} allow: every
 * time it had decided, another writer had appended first. Nothing of this command was appended,
 * so sending it again with the same command id is safe.
 *
 * <p>Why an exception and not a {@link CommandResult.Rejected} with a special code: a rejection is
 * the domain's answer about a known state, final for that state, and callers show it to people. A
 * conflict is the absence of an answer: the command was never decided against a state that stayed
 * current, and the same command may well be accepted a moment later. Folding it into rejections
 * would make every caller tell the two apart by parsing codes, and a caller that forgot would show
 * "rejected" for a command that was never judged. With sensible retries it is also rare, like the
 * store's other infrastructure failures, which are exceptions too (see
 * {@code docs/decisions/0006-idempotent-commands-and-conflicts.md}).
 */
public final class CommandConflictException extends VellumException {
    private static final long serialVersionUID = 1L;

    private final transient StreamId stream;
    private final String commandId;
    private final int attempts;
    private final long actualRevision;

    /**
     * @param stream the stream the command was for
     * @param commandId the command's id
     * @param attempts how many of its appends were refused
     * @param actualRevision the stream's revision at the last refusal
     * @param cause the last refusal
     */
    public CommandConflictException(StreamId stream, String commandId, int attempts, long actualRevision,
            Throwable cause) {
        super("Command '" + commandId + "' on stream '" + stream + "' lost the race for the stream " + attempts
                + " times in a row (another writer appended first; last seen at revision " + actualRevision
                + "). Nothing was appended: send it again with the same command id, or allow more attempts "
                + "(CommandHandlerBuilder.retries) if this aggregate is that busy.", cause);
        this.stream = stream;
        this.commandId = commandId;
        this.attempts = attempts;
        this.actualRevision = actualRevision;
    }

    /** The stream the command was for. */
    public StreamId stream() {
        return stream;
    }

    /** The command's id. */
    public String commandId() {
        return commandId;
    }

    /** How many of the command's appends were refused. */
    public int attempts() {
        return attempts;
    }

    /** The stream's revision when the last append was refused. */
    public long actualRevision() {
        return actualRevision;
    }
}

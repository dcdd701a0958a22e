package dev.vellum.decider;

import dev.vellum.store.Metadata;
import java.util.Map;
import java.util.UUID;

/**
 * Who sent a command and why: its id, which makes it idempotent, and the correlation and causation
 * ids that every event it produces carries without user code.
 *
 * <p>Each event of the command gets this metadata ({@link #eventMetadata()}):
 * <ul>
 * <li>correlation id: {@code correlationId}, or the command id when there is none (the command
 *     starts a conversation);</li>
 * <li>causation id: {@code causationId}, the message that caused the command (for example the
 *     event a process manager reacted to), or the command id when there is none;</li>
 * <li>the header {@value #COMMAND_HEADER}: the command id, so the history shows which command
 *     recorded each event.</li>
 * </ul>
 *
 * @param commandId the command's id, unique per command: sending a command with an id already
 *     handled on the same stream returns the first result and appends nothing
 * @param correlationId the conversation the command belongs to, or {@code null}
 * @param causationId the id of the message that caused the command, or {@code null}
 */
public record CommandMetadata(String commandId, String correlationId, String causationId) {

    /** The metadata header that holds the id of the command that recorded an event. */
    public static final String COMMAND_HEADER = "$command";

    /** The longest command id accepted, in characters. */
    public static final int MAX_ID_LENGTH = 200;

    /** Checks the command id. @throws IllegalArgumentException when it is blank, too long or has control characters */
    public CommandMetadata {
        if (commandId == null || commandId.isBlank()) {
            throw new IllegalArgumentException("A command id is needed: send the same id again to retry a command safely.");
        }
        if (commandId.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("The command id '" + commandId.substring(0, 40) + "...' has "
                    + commandId.length() + " characters, more than the limit of " + MAX_ID_LENGTH + ".");
        }
        if (commandId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("The command id '" + commandId.replaceAll("\\p{Cntrl}", "?")
                    + "' contains a control character.");
        }
    }

    /** A command with this id and no correlation or causation. */
    public static CommandMetadata of(String commandId) {
        return new CommandMetadata(commandId, null, null);
    }

    /** A command with a random id: not idempotent across resends, since a resend gets another id. */
    public static CommandMetadata random() {
        return of(UUID.randomUUID().toString());
    }

    /** This metadata with another correlation id. */
    public CommandMetadata withCorrelationId(String id) {
        return new CommandMetadata(commandId, id, causationId);
    }

    /** This metadata with another causation id. */
    public CommandMetadata withCausationId(String id) {
        return new CommandMetadata(commandId, correlationId, id);
    }

    /** The metadata every event of this command carries; see the class comment. */
    public Metadata eventMetadata() {
        return new Metadata(correlationId == null ? commandId : correlationId,
                causationId == null ? commandId : causationId, Map.of(COMMAND_HEADER, commandId));
    }
}

package dev.vellum.decider;

import java.util.concurrent.CompletableFuture;

/**
 * A command waiting in its stream's lane, with the thread that sent it: that thread waits until
 * the command has its outcome, or until it is told to decide the next batch itself.
 *
 * @param <C> the commands
 * @param <E> the events
 */
final class Queued<C, E> {

    private final C command;
    private final CommandMetadata metadata;
    private final boolean mayBeRecorded;
    /** Completed with {@code true} to make the waiting thread lead, with {@code false} once it has its outcome. */
    private final CompletableFuture<Boolean> wake = new CompletableFuture<>();
    private volatile CommandResult<E> result;
    private volatile boolean fromLog;
    private volatile Throwable failure;

    /**
     * @param mayBeRecorded whether its id may already be recorded on the stream (the caller chose
     *     it, so it may be a resend): then every answer that does not come from its own append is
     *     first checked against the log
     */
    public Queued(C command, CommandMetadata metadata, boolean mayBeRecorded) {
        this.command = command;
        this.metadata = metadata;
        this.mayBeRecorded = mayBeRecorded;
    }

    C command() {
        return command;
    }

    CommandMetadata metadata() {
        return metadata;
    }

    String commandId() {
        return metadata.commandId();
    }

    boolean mayBeRecorded() {
        return mayBeRecorded;
    }

    /** Notes that its result is the one the log holds: it was recorded before, and is no new command. */
    void answerFromLog() {
        fromLog = true;
    }

    /** Whether its result is the one the log held for its id (a resend, or a copy recorded meanwhile). */
    public boolean answeredFromLog() {
        return fromLog;
    }

    /** True once the command has its result or its failure. */
    boolean finished() {
        return result != null || failure != null;
    }

    void succeed(CommandResult<E> outcome) {
        result = outcome;
        wake.complete(false);
    }

    void fail(Throwable cause) {
        failure = cause;
        wake.complete(false);
    }

    void lead() {
        wake.complete(true);
    }

    /** Waits for the outcome or the lead; true when this thread is to decide the next batch. */
    boolean awaitTurn() {
        return wake.join();
    }

    /**
     * The outcome, once finished: the result, or the command's own failure rethrown on the thread
     * that sent it.
     */
    CommandResult<E> outcome() {
        Throwable cause = failure;
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        if (cause != null) {
            throw new IllegalStateException(cause);
        }
        return result;
    }
}

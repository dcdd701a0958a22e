package dev.vellum.process;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.store.StreamId;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one input of one process instance and everything that follows from it: the input becomes
 * a command on the instance's stream, under an id derived from the input; each event it records
 * yields actions; a command sent gets an id derived from the event's revision and the action's
 * index, and its result is the next input. Every step is idempotent, so running the same input again
 * after a crash repeats nothing that already had its effect.
 *
 * <p>It writes timers to the {@link TimerStore} itself rather than through the process's timer
 * scheduler: the scheduler's handler is this engine, so the engine must exist before the scheduler
 * starts (a timer already due at start fires at once).
 */
final class ProcessEngine<S, E> {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessEngine.class);

    /** One input waiting to be handled. */
    private record Work(String instance, ProcessInput input, String inputId, String causationId) {
    }

    private final ProcessSettings<S, E> process;
    private final CommandHandler<ProcessInput, S, E> instances;
    private final CommandRouter router;
    private final TimerStore timers;

    ProcessEngine(ProcessSettings<S, E> process, CommandHandler<ProcessInput, S, E> instances, CommandRouter router,
            TimerStore timers) {
        this.process = process;
        this.instances = instances;
        this.router = router;
        this.timers = timers;
    }

    StreamId stream(String instance) {
        return StreamId.of(process.streamCategory(), instance);
    }

    /**
     * Handles {@code input}, identified by {@code inputId}, and all that follows from it.
     *
     * @return true when it scheduled a timer, which the scheduler should be told of
     */
    boolean handle(String instance, ProcessInput input, String inputId, String causationId) {
        boolean scheduled = false;
        Deque<Work> work = new ArrayDeque<>();
        work.add(new Work(instance, input, inputId, causationId));
        while (!work.isEmpty()) {
            Work next = work.poll();
            StreamId stream = stream(next.instance());
            CommandMetadata metadata = new CommandMetadata(bounded(next.inputId()), next.instance(), next.causationId());
            switch (instances.handle(stream, next.input(), metadata)) {
                case CommandResult.Accepted<E> accepted -> {
                    long first = accepted.revision() - accepted.events().size() + 1;
                    for (int i = 0; i < accepted.events().size(); i++) {
                        scheduled |= act(next.instance(), stream, first + i, accepted.events().get(i), work);
                    }
                }
                case CommandResult.Rejected<E> rejected -> LOG.debug("Process {} ignored input {}: {} ({})",
                        stream, next.inputId(), rejected.reason(), rejected.code());
            }
        }
        return scheduled;
    }

    /**
     * A derived id within the command handler's limit: long ones (a long instance id) become a
     * name-based UUID of themselves, still the same every time they are derived.
     */
    static String bounded(String id) {
        return id.length() <= CommandMetadata.MAX_ID_LENGTH ? id
                : "id:" + UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8));
    }

    /** Carries out the actions that follow from {@code event}; true when one scheduled a timer. */
    private boolean act(String instance, StreamId stream, long revision, E event, Deque<Work> work) {
        boolean scheduled = false;
        List<ProcessAction> actions = process.actions().after(event);
        String source = stream + "@" + revision;
        for (int k = 0; k < actions.size(); k++) {
            switch (actions.get(k)) {
                case ProcessAction.Send send -> {
                    String commandId = bounded(source + "/" + k);
                    CommandMetadata metadata = new CommandMetadata(commandId, instance, source);
                    ProcessInput result = switch (router.send(send.target(), send.command(), metadata)) {
                        case CommandResult.Accepted<?> a -> new ProcessInput.CommandAccepted(commandId, send.command());
                        case CommandResult.Rejected<?> r -> new ProcessInput.CommandRejected(commandId, send.command(),
                                r.code(), r.reason());
                    };
                    work.add(new Work(instance, result, "result:" + commandId, commandId));
                }
                case ProcessAction.Schedule schedule -> {
                    timers.schedule(new Timer(TimerEnvelope.id(process, instance, schedule.name()), process.timerProcess(),
                            schedule.due(), TimerEnvelope.write(instance, schedule.name(), schedule.payload()),
                            schedule.deadline()));
                    scheduled = true;
                }
                case ProcessAction.CancelTimer cancel ->
                        timers.cancel(TimerEnvelope.id(process, instance, cancel.name()), process.clock().instant());
            }
        }
        return scheduled;
    }
}

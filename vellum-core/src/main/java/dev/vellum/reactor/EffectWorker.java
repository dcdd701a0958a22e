package dev.vellum.reactor;

import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Metadata;
import dev.vellum.timer.Timer;
import dev.vellum.timer.TimerFailureHandler;
import dev.vellum.timer.TimerHandler;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries out the effects of one reactor as its outbox (a timer scheduler) hands them over: skips an
 * effect whose outcome is already recorded (the crash came after recording), otherwise executes it
 * and appends the outcome event under an id derived from the effect's key, so it is recorded once
 * however often this runs. When the attempts run out, records the failure the same way.
 */
final class EffectWorker<E> implements TimerHandler, TimerFailureHandler {

    /** The metadata header that names the effect an outcome event records. */
    static final String EFFECT_HEADER = "$effect";

    private final ReactorSettings<E> reactor;
    private final EventStore store;
    private final AtomicLong executed = new AtomicLong();

    EffectWorker(ReactorSettings<E> reactor, EventStore store) {
        this.reactor = reactor;
        this.store = store;
    }

    @Override
    public void fire(Timer timer) throws Exception {
        Effect effect = EffectCodec.effect(timer);
        UUID outcome = EffectCodec.outcomeId(effect.key());
        if (store.readEvent(outcome).isPresent()) {
            return; // carried out and recorded before a crash; only the outbox did not hear of it
        }
        String receipt = reactor.sideEffect().execute(effect);
        record(effect, outcome, reactor.outcomes().succeeded(effect, receipt == null ? "" : receipt));
        executed.incrementAndGet();
    }

    @Override
    public void gaveUp(Timer timer, int attempts, String lastError) {
        Effect effect = EffectCodec.effect(timer);
        UUID outcome = EffectCodec.outcomeId(effect.key());
        if (store.readEvent(outcome).isEmpty()) {
            record(effect, outcome, reactor.outcomes().failed(effect, lastError == null ? "unknown error" : lastError));
        }
    }

    private void record(Effect effect, UUID outcomeId, E event) {
        Metadata metadata = new Metadata(effect.correlationId(), effect.sourceEventId().toString(),
                Map.of(EFFECT_HEADER, effect.key()));
        EventData data = reactor.types().serialize(outcomeId, event, metadata);
        // the id makes a second recording of this outcome a retry that stores nothing
        store.append(reactor.outcomes().stream(effect), ExpectedRevision.any(), data);
    }

    long executed() {
        return executed.get();
    }
}

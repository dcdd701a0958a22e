package dev.vellum.reactor;

import dev.vellum.projection.ProjectionProgress.Serving;
import dev.vellum.projection.ProjectionProgress;
import dev.vellum.time.VellumClock;
import dev.vellum.timer.StoredTimer;
import dev.vellum.timer.TimerGate;
import dev.vellum.worker.Waiting;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a reactor's due effects back until the projections it runs {@linkplain ReactorSettings#after() after}
 * have applied each effect's event: reads each projection's serving checkpoint once per look, and
 * lets an effect go when every one has reached its event's position, or when it has waited
 * {@linkplain ReactorSettings#afterAtMost() the longest allowed} (then with a warning). When the wait of each
 * effect began is kept in memory, by the reactor's clock. Used on the outbox scheduler's thread only.
 */
final class EffectGate implements TimerGate {

    private static final Logger LOG = LoggerFactory.getLogger(EffectGate.class);

    private final String reactor;
    private final List<String> projections;
    private final Duration atMost;
    private final ProjectionProgress progress;
    private final VellumClock clock;
    private final Map<String, Instant> waitingSince = new HashMap<>();

    EffectGate(ReactorSettings<?> reactor, ProjectionProgress progress) {
        this.reactor = reactor.name();
        this.projections = reactor.after();
        this.atMost = reactor.afterAtMost();
        this.progress = progress;
        this.clock = reactor.clock();
    }

    @Override
    public Map<String, Waiting> holdBack(List<StoredTimer> due) {
        Map<String, Optional<Serving>> serving = new LinkedHashMap<>();
        for (String projection : projections) {
            serving.put(projection, progress.serving(projection));
        }
        Instant now = clock.instant();
        Map<String, Waiting> heldBack = new HashMap<>();
        for (StoredTimer timer : due) {
            Effect effect = EffectCodec.effect(timer.timer());
            Optional<Waiting> behind = firstBehind(effect, serving, now);
            if (behind.isEmpty()) {
                waitingSince.remove(effect.key());
            } else if (!Duration.between(behind.get().since(), now).minus(atMost).isNegative()) {
                LOG.warn("Effect '{}' of reactor '{}' runs without its projections: it waited the longest allowed, {},"
                        + " and is still {}", effect.key(), reactor, atMost, behind.get());
                waitingSince.remove(effect.key());
            } else {
                heldBack.put(effect.key(), behind.get());
            }
        }
        Set<String> listed = due.stream().map(StoredTimer::id).collect(Collectors.toSet());
        waitingSince.keySet().retainAll(listed); // those cancelled, or no longer due, start over if they come back
        return heldBack;
    }

    /** The first projection that has not applied {@code effect}'s event, as a wait that began when first seen. */
    private Optional<Waiting> firstBehind(Effect effect, Map<String, Optional<Serving>> serving, Instant now) {
        for (Map.Entry<String, Optional<Serving>> projection : serving.entrySet()) {
            Optional<Serving> at = projection.getValue();
            if (at.isEmpty() || effect.sourcePosition().isAfter(at.get().checkpoint())) {
                Instant since = waitingSince.computeIfAbsent(effect.key(), key -> now);
                String on = "projection " + at.map(s -> s.id().name() + " v" + s.id().version())
                        .orElse(projection.getKey());
                return Optional.of(new Waiting(on, effect.sourcePosition(), at.map(Serving::checkpoint).orElse(null),
                        since));
            }
        }
        return Optional.empty();
    }
}

package dev.vellum.reactor;

import dev.vellum.serde.EventTypes;
import java.util.Objects;

/**
 * What a reactor decides to do about an event: one side effect, described by its payload (often
 * JSON: the address and template of an email, the body of a call), possibly waiting for a person's
 * approval before it runs. The payload is text; a record registered in the reactor's
 * {@link EventTypes} can be handed over as it is ({@link #of(EventTypes, Object)}) and read back typed
 * ({@link Effect#payload(EventTypes, Class)}).
 *
 * @param payload what the side effect needs; never {@code null}
 * @param needsApproval true when it must wait for {@link RunningReactor#approve} before it runs
 */
public record EffectRequest(String payload, boolean needsApproval) {

    /** Checks the payload. */
    public EffectRequest {
        Objects.requireNonNull(payload, "payload (use \"\" for none)");
    }

    /** A side effect that runs as soon as possible. */
    public static EffectRequest of(String payload) {
        return new EffectRequest(payload, false);
    }

    /** A side effect that runs only once a person approved it. */
    public static EffectRequest needingApproval(String payload) {
        return new EffectRequest(payload, true);
    }

    /**
     * A side effect that runs as soon as possible, its payload a record registered in {@code types},
     * kept as its JSON ({@link EventTypes#serializePayload}) and read back with
     * {@link Effect#payload(EventTypes, Class)}.
     *
     * @throws dev.vellum.serde.UnknownEventTypeException when its class is not registered in {@code types}
     */
    public static EffectRequest of(EventTypes types, Object payload) {
        return new EffectRequest(types.serializePayload(payload), false);
    }

    /** {@link #of(EventTypes, Object)} for a side effect that runs only once a person approved it. */
    public static EffectRequest needingApproval(EventTypes types, Object payload) {
        return new EffectRequest(types.serializePayload(payload), true);
    }
}

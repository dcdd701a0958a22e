package dev.vellum.reactor;

import java.util.Objects;

/**
 * What a reactor decides to do about an event: one side effect, described by its payload (often
 * JSON: the address and template of an email, the body of a call), possibly waiting for a person's
 * approval before it runs.
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
}

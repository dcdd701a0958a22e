package dev.vellum.reactor;

import dev.vellum.store.VellumException;

/** An approval or cancellation named an effect that is not waiting for it; nothing changed. */
public final class EffectNotFoundException extends VellumException {
    private static final long serialVersionUID = 1L;

    /** @param message which effect, what it is doing instead, and what to do */
    public EffectNotFoundException(String message) {
        super(message);
    }
}

package dev.vellum.examples.account;

import dev.vellum.serde.EventTypes;
import java.math.BigDecimal;

/** What happens to a bank account, with the events' stable type names. */
public sealed interface AccountEvent {

    /** The registry of the account events' type names. */
    EventTypes TYPES = EventTypes.builder()
            .register("AccountOpened", AccountOpened.class)
            .register("AccountCredited", AccountCredited.class)
            .register("AccountDebited", AccountDebited.class)
            .register("AccountOverdrawn", AccountOverdrawn.class)
            .build();

    /** @param owner who owns it @param overdraftLimit how far below zero the balance may go */
    record AccountOpened(String owner, BigDecimal overdraftLimit) implements AccountEvent {
    }

    /** @param amount what was put in */
    record AccountCredited(BigDecimal amount) implements AccountEvent {
    }

    /** @param amount what was taken out */
    record AccountDebited(BigDecimal amount) implements AccountEvent {
    }

    /**
     * A derived fact: a debit took the balance below zero. Recorded in the same append as the
     * debit that caused it, so no reader ever sees one without the other.
     *
     * @param balance the balance after the debit, below zero
     */
    record AccountOverdrawn(BigDecimal balance) implements AccountEvent {
    }
}

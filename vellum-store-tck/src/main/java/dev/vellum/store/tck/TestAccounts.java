package dev.vellum.store.tck;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandHandlerBuilder;
import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.serde.EventTypes;
import dev.vellum.store.EventStore;

/**
 * The aggregate the command-handling tests run on every store: an account that never goes below
 * zero. A withdrawal larger than the balance is rejected with {@code insufficient-funds}.
 */
final class TestAccounts {

    private TestAccounts() {
    }

    sealed interface Command {
    }

    record Deposit(long amount) implements Command {
    }

    record Withdraw(long amount) implements Command {
    }

    sealed interface Event {
    }

    record Deposited(long amount) implements Event {
    }

    record Withdrawn(long amount) implements Event {
    }

    /** @param balance the balance @param events how many events were folded */
    record Account(long balance, long events) {
    }

    static final EventTypes TYPES = EventTypes.builder()
            .register("TckDeposited", Deposited.class)
            .register("TckWithdrawn", Withdrawn.class)
            .build();

    static final Decider<Command, Account, Event> DECIDER = Decider.of(new Account(0, 0),
            (command, account) -> switch (command) {
                case Deposit d -> Decision.accept(new Deposited(d.amount()));
                case Withdraw w when w.amount() > account.balance() -> Decision.reject("insufficient-funds",
                        "balance " + account.balance() + " is below " + w.amount());
                case Withdraw w -> Decision.accept(new Withdrawn(w.amount()));
            },
            (account, event) -> switch (event) {
                case Deposited d -> new Account(account.balance() + d.amount(), account.events() + 1);
                case Withdrawn w -> new Account(account.balance() - w.amount(), account.events() + 1);
            });

    /** A handler builder over {@code store}. */
    static CommandHandlerBuilder<Command, Account, Event> handler(EventStore store) {
        return CommandHandler.builder(store, TYPES, Event.class, DECIDER);
    }
}

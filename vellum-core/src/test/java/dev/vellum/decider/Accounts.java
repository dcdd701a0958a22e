package dev.vellum.decider;

import dev.vellum.serde.EventTypes;

/** A small account aggregate shared by the decider tests. */
final class Accounts {

    private Accounts() {
    }

    sealed interface AccountCommand {
    }

    record Deposit(long amount) implements AccountCommand {
    }

    record Withdraw(long amount) implements AccountCommand {
    }

    /** Accepted with no events. */
    record Touch() implements AccountCommand {
    }

    /** A bug in the decider. */
    record Explode() implements AccountCommand {
    }

    sealed interface AccountEvent {
    }

    record Deposited(long amount) implements AccountEvent {
    }

    record Withdrawn(long amount) implements AccountEvent {
    }

    /** Registered under no name, to show what an unregistered event does. */
    record Unregistered() implements AccountEvent {
    }

    /** Emits an event the registry does not know. */
    record EmitUnregistered() implements AccountCommand {
    }

    /**
     * @param balance the balance
     * @param events how many events were folded, so tests see a fold that went wrong
     */
    record Account(long balance, int events) {
        static final Account NONE = new Account(0, 0);
    }

    static final EventTypes TYPES = EventTypes.builder()
            .register("Deposited", Deposited.class)
            .register("Withdrawn", Withdrawn.class)
            .build();

    static Decision<AccountEvent> decide(AccountCommand command, Account account) {
        return switch (command) {
            case Deposit d when d.amount() <= 0 -> Decision.reject("invalid-amount", "deposit " + d.amount() + " is not positive");
            case Deposit d -> Decision.accept(new Deposited(d.amount()));
            case Withdraw w when w.amount() > account.balance() ->
                    Decision.reject("insufficient-funds", "balance " + account.balance() + " is below " + w.amount());
            case Withdraw w -> Decision.accept(new Withdrawn(w.amount()));
            case Touch t -> Decision.accept();
            case Explode e -> throw new IllegalStateException("bug in decide");
            case EmitUnregistered e -> Decision.accept(new Deposited(1), new Unregistered());
        };
    }

    static Account evolve(Account account, AccountEvent event) {
        return switch (event) {
            case Deposited d -> new Account(account.balance() + d.amount(), account.events() + 1);
            case Withdrawn w -> new Account(account.balance() - w.amount(), account.events() + 1);
            case Unregistered u -> account;
        };
    }

    static final Decider<AccountCommand, Account, AccountEvent> DECIDER =
            Decider.of(Account.NONE, Accounts::decide, Accounts::evolve);
}

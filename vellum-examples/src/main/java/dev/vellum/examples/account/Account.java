package dev.vellum.examples.account;

import dev.vellum.decider.Decider;
import dev.vellum.decider.Decision;
import dev.vellum.examples.account.AccountCommand.Deposit;
import dev.vellum.examples.account.AccountCommand.OpenAccount;
import dev.vellum.examples.account.AccountCommand.Withdraw;
import dev.vellum.examples.account.AccountEvent.AccountCredited;
import dev.vellum.examples.account.AccountEvent.AccountDebited;
import dev.vellum.examples.account.AccountEvent.AccountOpened;
import dev.vellum.examples.account.AccountEvent.AccountOverdrawn;
import java.math.BigDecimal;

/**
 * A bank account's state, and the account aggregate as a decider. It shows derived facts: a
 * withdrawal that takes the balance below zero is decided as two events, the debit and the
 * {@link AccountOverdrawn} it causes, appended together in one atomic append.
 *
 * @param open whether the account was opened
 * @param balance the balance
 * @param overdraftLimit how far below zero the balance may go
 */
public record Account(boolean open, BigDecimal balance, BigDecimal overdraftLimit) {

    /** The state before the first event. */
    public static final Account NONE = new Account(false, BigDecimal.ZERO, BigDecimal.ZERO);

    /** The account aggregate. */
    public static final Decider<AccountCommand, Account, AccountEvent> DECIDER =
            Decider.of(NONE, Account::decide, Account::evolve);

    static Decision<AccountEvent> decide(AccountCommand command, Account account) {
        return switch (command) {
            case OpenAccount o when account.open() -> Decision.reject("account-exists", "the account is open already");
            case OpenAccount o when o.overdraftLimit().signum() < 0 ->
                    Decision.reject("invalid-limit", "an overdraft limit is zero or more, got " + o.overdraftLimit());
            case OpenAccount o -> Decision.accept(new AccountOpened(o.owner(), o.overdraftLimit()));
            case Deposit d when !account.open() -> notOpen();
            case Deposit d when d.amount().signum() <= 0 -> notPositive(d.amount());
            case Deposit d -> Decision.accept(new AccountCredited(d.amount()));
            case Withdraw w when !account.open() -> notOpen();
            case Withdraw w when w.amount().signum() <= 0 -> notPositive(w.amount());
            case Withdraw w -> withdraw(account, w.amount());
        };
    }

    private static Decision<AccountEvent> withdraw(Account account, BigDecimal amount) {
        BigDecimal after = account.balance().subtract(amount);
        if (after.compareTo(account.overdraftLimit().negate()) < 0) {
            return Decision.reject("overdraft-limit", "withdrawing " + amount + " from " + account.balance()
                    + " would pass the overdraft limit of " + account.overdraftLimit());
        }
        boolean crossesZero = account.balance().signum() >= 0 && after.signum() < 0;
        return crossesZero
                ? Decision.accept(new AccountDebited(amount), new AccountOverdrawn(after))
                : Decision.accept(new AccountDebited(amount));
    }

    private static Decision<AccountEvent> notOpen() {
        return Decision.reject("account-not-open", "open the account first");
    }

    private static Decision<AccountEvent> notPositive(BigDecimal amount) {
        return Decision.reject("invalid-amount", "an amount is above zero, got " + amount);
    }

    static Account evolve(Account account, AccountEvent event) {
        return switch (event) {
            case AccountOpened o -> new Account(true, BigDecimal.ZERO, o.overdraftLimit());
            case AccountCredited c -> new Account(true, account.balance().add(c.amount()), account.overdraftLimit());
            case AccountDebited d -> new Account(true, account.balance().subtract(d.amount()), account.overdraftLimit());
            case AccountOverdrawn o -> account;
        };
    }
}

package dev.vellum.examples.account;

import java.math.BigDecimal;

/** What can be asked of a bank account. */
public sealed interface AccountCommand {

    /**
     * Open the account.
     *
     * @param owner who owns it
     * @param overdraftLimit how far below zero the balance may go, zero or more
     */
    record OpenAccount(String owner, BigDecimal overdraftLimit) implements AccountCommand {
    }

    /** @param amount what to put in, above zero */
    record Deposit(BigDecimal amount) implements AccountCommand {
    }

    /** @param amount what to take out, above zero */
    record Withdraw(BigDecimal amount) implements AccountCommand {
    }
}

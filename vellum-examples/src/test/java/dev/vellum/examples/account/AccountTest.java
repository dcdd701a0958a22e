package dev.vellum.examples.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.examples.account.AccountCommand.Deposit;
import dev.vellum.examples.account.AccountCommand.OpenAccount;
import dev.vellum.examples.account.AccountCommand.Withdraw;
import dev.vellum.examples.account.AccountEvent.AccountDebited;
import dev.vellum.examples.account.AccountEvent.AccountOverdrawn;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventStore;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Derived facts: a debit and the overdraft it causes are decided together and appended at once. */
class AccountTest {

    @TempDir
    Path dir;

    private final StreamId account = StreamId.of("account", "ada");

    @Test
    void onTheInMemoryStore() {
        try (EventStore store = new InMemoryEventStore()) {
            check(store);
        }
    }

    @Test
    void onTheSqliteStore() {
        try (EventStore store = SqliteEventStore.open(dir.resolve("bank.db"))) {
            check(store);
        }
    }

    private void check(EventStore store) {
        CommandHandler<AccountCommand, Account, AccountEvent> accounts =
                CommandHandler.builder(store, AccountEvent.TYPES, AccountEvent.class, Account.DECIDER).build();
        accounts.handle(account, new OpenAccount("ada", new BigDecimal("100")));
        accounts.handle(account, new Deposit(new BigDecimal("30")));

        CommandResult<AccountEvent> overdraw = accounts.handle(account, new Withdraw(new BigDecimal("50")),
                CommandMetadata.of("atm-1").withCorrelationId("session-9"));

        List<RecordedEvent> appended = store.readStream(account).subList(2, 4);
        assertThat(overdraw).isEqualTo(new CommandResult.Accepted<>(List.of(new AccountDebited(new BigDecimal("50")),
                new AccountOverdrawn(new BigDecimal("-20"))), 3, appended.get(1).position()));
        assertThat(appended).extracting(RecordedEvent::type).containsExactly("AccountDebited", "AccountOverdrawn");
        assertThat(appended.get(1).position().value()).as("one append").isEqualTo(appended.get(0).position().value() + 1);
        assertThat(appended.get(1).recordedAt()).isEqualTo(appended.get(0).recordedAt());
        assertThat(appended).allSatisfy(e -> {
            assertThat(e.metadata().correlationId()).isEqualTo("session-9");
            assertThat(e.metadata().causationId()).isEqualTo("atm-1");
        });

        CommandResult<AccountEvent> again = accounts.handle(account, new Withdraw(new BigDecimal("10")));
        assertThat(again).as("already below zero: only the debit").isEqualTo(new CommandResult.Accepted<>(
                List.of(new AccountDebited(new BigDecimal("10"))), 4, store.readStream(account).getLast().position()));
        assertThat(accounts.handle(account, new Withdraw(new BigDecimal("71"))))
                .isInstanceOfSatisfying(CommandResult.Rejected.class, r -> assertThat(r.code()).isEqualTo("overdraft-limit"));
        assertThat(accounts.load(account).state()).isEqualTo(new Account(true, new BigDecimal("-30"), new BigDecimal("100")));
    }

    @Test
    void theRulesAsPureFunctions() {
        Account open = Account.DECIDER.evolve(Account.NONE, new AccountEvent.AccountOpened("bo", BigDecimal.ZERO));
        assertThat(Account.DECIDER.decide(new Withdraw(BigDecimal.ONE), Account.NONE))
                .extracting("code").isEqualTo("account-not-open");
        assertThat(Account.DECIDER.decide(new Withdraw(BigDecimal.ONE), open)).extracting("code").isEqualTo("overdraft-limit");
        assertThat(Account.DECIDER.decide(new Deposit(BigDecimal.ZERO), open)).extracting("code").isEqualTo("invalid-amount");
        assertThat(Account.DECIDER.decide(new OpenAccount("bo", BigDecimal.ONE), open)).extracting("code")
                .isEqualTo("account-exists");
        assertThat(Account.DECIDER.decide(new OpenAccount("bo", BigDecimal.ONE.negate()), Account.NONE))
                .extracting("code").isEqualTo("invalid-limit");
    }
}

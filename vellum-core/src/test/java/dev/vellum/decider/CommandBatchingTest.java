package dev.vellum.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.Accounts.Account;
import dev.vellum.decider.Accounts.AccountCommand;
import dev.vellum.decider.Accounts.AccountEvent;
import dev.vellum.decider.Accounts.Deposit;
import dev.vellum.decider.Accounts.Deposited;
import dev.vellum.decider.Accounts.EmitUnregistered;
import dev.vellum.decider.Accounts.Explode;
import dev.vellum.decider.Accounts.Touch;
import dev.vellum.decider.Accounts.Withdraw;
import dev.vellum.decider.Accounts.Withdrawn;
import dev.vellum.retry.Retries;
import dev.vellum.serde.UnknownEventTypeException;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Commands queued for one stream are decided in a row and appended together, and each still gets
 * its own result: a resend its original one, a rejection nothing appended, a command that throws
 * its own exception. {@link Lanes} puts the commands in the queue in a known order.
 */
class CommandBatchingTest {

    private final EventStore store = new InMemoryEventStore();
    private final StreamId account = StreamId.of("account", 1);
    private final Lanes lanes = new Lanes();

    @AfterEach
    void close() {
        store.close();
    }

    private CommandHandler<AccountCommand, Account, AccountEvent> handler(Decider<AccountCommand, Account, AccountEvent> decider) {
        return CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, decider).build();
    }

    @Test
    void queuedCommandsAreDecidedInARowAndAppendedOnceEachWithItsOwnResult() throws Exception {
        var accounts = handler(lanes.gated(Accounts.DECIDER));
        lanes.send(() -> accounts.handle(account, new Deposit(100), CommandMetadata.of("d-1")));
        lanes.send(() -> accounts.handle(account, new Withdraw(30), CommandMetadata.of("w-1")));
        lanes.send(() -> accounts.handle(account, new Withdraw(30), CommandMetadata.of("w-1"))); // a resend
        lanes.send(() -> accounts.handle(account, new Withdraw(100), CommandMetadata.of("w-2"))); // 70 left
        lanes.send(() -> accounts.handle(account, new Explode(), CommandMetadata.of("x-1")));
        lanes.send(() -> accounts.handle(account, new EmitUnregistered(), CommandMetadata.of("u-1")));
        lanes.send(() -> accounts.handle(account, new Touch(), CommandMetadata.of("t-1")));
        lanes.send(() -> accounts.handle(account, new Withdraw(20), CommandMetadata.of("w-3")));
        lanes.send(() -> accounts.handle(account, new Deposit(5), CommandMetadata.of("d-2")));

        List<Object> outcomes = lanes.open();

        List<RecordedEvent> history = store.readStream(account);
        assertThat(history).extracting(e -> e.metadata().header(CommandMetadata.COMMAND_HEADER))
                .containsExactly("d-1", "w-1", "w-3", "d-2");
        var withdrawn = new CommandResult.Accepted<AccountEvent>(List.of(new Withdrawn(30)), 1, history.get(1).position());
        assertThat(outcomes.get(0)).isEqualTo(new CommandResult.Accepted<>(List.of(new Deposited(100)), 0, history.get(0).position()));
        assertThat(outcomes.get(1)).isEqualTo(withdrawn);
        assertThat(outcomes.get(2)).as("the resend in the same batch").isEqualTo(withdrawn);
        assertThat(outcomes.get(3)).isInstanceOfSatisfying(CommandResult.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo("balance 70 is below 100"));
        assertThat(outcomes.get(4)).isInstanceOfSatisfying(IllegalStateException.class,
                e -> assertThat(e).hasMessage("bug in decide"));
        assertThat(outcomes.get(5)).isInstanceOf(UnknownEventTypeException.class);
        assertThat(outcomes.get(6)).as("a no-op after w-1: the revision and position it was decided at")
                .isEqualTo(new CommandResult.Accepted<>(List.of(), 1, history.get(1).position()));
        assertThat(outcomes.get(7)).isEqualTo(new CommandResult.Accepted<>(List.of(new Withdrawn(20)), 2, history.get(2).position()));
        assertThat(outcomes.get(8)).isEqualTo(new CommandResult.Accepted<>(List.of(new Deposited(5)), 3, history.get(3).position()));
        assertThat(accounts.stats().appends()).as("the first command alone, then the queue at once").isEqualTo(2);
        assertThat(accounts.stats().commands()).isEqualTo(9);
        assertThat(accounts.load(account).state()).isEqualTo(new Account(55, 4));

        var restarted = handler(Accounts.DECIDER);
        assertThat(restarted.handle(account, new Withdraw(30), CommandMetadata.of("w-1"))).as("after a restart")
                .isEqualTo(withdrawn);
        assertThat(store.readStream(account)).hasSize(4);
    }

    @Test
    void aBatchWhoseOnlyAnswerIsARejectionOnAKeptStateReadsTheStoreFirst() throws Exception {
        AtomicBoolean otherNodeWrote = new AtomicBoolean();
        Decider<AccountCommand, Account, AccountEvent> racing = Decider.of(Account.NONE, (command, state) -> {
            if (command instanceof Withdraw && otherNodeWrote.compareAndSet(false, true)) {
                // another node deposits after this handler's last append, before this decision
                store.append(account, ExpectedRevision.exactly(0), Accounts.TYPES.serialize(new Deposited(100)));
            }
            return Accounts.decide(command, state);
        }, Accounts::evolve);
        var accounts = handler(lanes.gated(racing));
        lanes.send(() -> accounts.handle(account, new Deposit(100), CommandMetadata.of("d-1")));
        lanes.send(() -> accounts.handle(account, new Withdraw(150), CommandMetadata.of("w-1")));

        List<Object> outcomes = lanes.open();

        assertThat(otherNodeWrote).isTrue();
        assertThat(outcomes.get(1)).as("decided again on the store's state, not rejected on the kept one")
                .isEqualTo(new CommandResult.Accepted<>(List.of(new Withdrawn(150)), 2, Position.of(3)));
        assertThat(accounts.stats().reloads()).isEqualTo(1);
    }

    @Test
    void aConflictWithAnotherNodeDecidesTheWholeBatchAgainOnTheStoresState() throws Exception {
        AtomicBoolean otherNodeWrote = new AtomicBoolean();
        Decider<AccountCommand, Account, AccountEvent> racing = Decider.of(Account.NONE, (command, state) -> {
            if (command instanceof Withdraw w && w.amount() == 80 && otherNodeWrote.compareAndSet(false, true)) {
                store.append(account, ExpectedRevision.exactly(0), Accounts.TYPES.serialize(new Withdrawn(50)));
            }
            return Accounts.decide(command, state);
        }, Accounts::evolve);
        var accounts = handler(lanes.gated(racing));
        lanes.send(() -> accounts.handle(account, new Deposit(100), CommandMetadata.of("d-1")));
        lanes.send(() -> accounts.handle(account, new Withdraw(10), CommandMetadata.of("w-1")));
        lanes.send(() -> accounts.handle(account, new Withdraw(80), CommandMetadata.of("w-2")));

        List<Object> outcomes = lanes.open();

        List<RecordedEvent> history = store.readStream(account);
        assertThat(history).hasSize(3);
        assertThat(outcomes.get(1)).isEqualTo(new CommandResult.Accepted<>(List.of(new Withdrawn(10)), 2, history.get(2).position()));
        assertThat(outcomes.get(2)).as("40 left once the other node's withdrawal is seen")
                .isInstanceOf(CommandResult.Rejected.class);
        CommandStats stats = accounts.stats();
        assertThat(stats.conflicts()).isEqualTo(1);
        assertThat(stats.reloads()).isEqualTo(1);
        assertThat(stats.retries()).as("a kept state that turned out old is decided again at once").isZero();
        assertThat(accounts.load(account).state()).isEqualTo(new Account(40, 3));
    }

    @Test
    void aCommandAnotherNodeRecordedWhileItWaitedInABatchGetsThatResultAndTheOthersGoOn() throws Exception {
        var otherNode = handler(Accounts.DECIDER);
        AtomicBoolean otherNodeWrote = new AtomicBoolean();
        Decider<AccountCommand, Account, AccountEvent> racing = Decider.of(Account.NONE, (command, state) -> {
            if (command instanceof Withdraw w && w.amount() == 20 && otherNodeWrote.compareAndSet(false, true)) {
                // the same command, sent to another node too, commits there first
                otherNode.handle(account, new Withdraw(10), CommandMetadata.of("w-1"));
            }
            return Accounts.decide(command, state);
        }, Accounts::evolve);
        var accounts = handler(lanes.gated(racing));
        lanes.send(() -> accounts.handle(account, new Deposit(100), CommandMetadata.of("d-1")));
        lanes.send(() -> accounts.handle(account, new Withdraw(10), CommandMetadata.of("w-1")));
        lanes.send(() -> accounts.handle(account, new Withdraw(20), CommandMetadata.of("w-2")));

        List<Object> outcomes = lanes.open();

        List<RecordedEvent> history = store.readStream(account);
        assertThat(history).extracting(e -> e.metadata().header(CommandMetadata.COMMAND_HEADER))
                .containsExactly("d-1", "w-1", "w-2");
        assertThat(outcomes.get(1)).isEqualTo(new CommandResult.Accepted<>(List.of(new Withdrawn(10)), 1, history.get(1).position()));
        assertThat(outcomes.get(2)).isEqualTo(new CommandResult.Accepted<>(List.of(new Withdrawn(20)), 2, history.get(2).position()));
        assertThat(accounts.load(account).state()).isEqualTo(new Account(70, 3));
    }

    @Test
    void statsCountConflictsRetriesReloadsAndCommandsGivenUp() {
        int[] interference = {2};
        Decider<AccountCommand, Account, AccountEvent> racing = Decider.of(Account.NONE, (command, state) -> {
            if (interference[0]-- > 0) {
                store.append(account, ExpectedRevision.any(), Accounts.TYPES.serialize(new Deposited(1)));
            }
            return Accounts.decide(command, state);
        }, Accounts::evolve);
        // without the cache, so that every command starts from a read (a cached state's conflict is free)
        var accounts = CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, racing)
                .retries(new Retries(3, CommandHandlerBuilder.DEFAULT_RETRIES.backoff())).stateCache(0).build();
        assertThat(accounts.stats()).isEqualTo(new CommandStats(0, 0, 0, 0, 0, 0));

        accounts.handle(account, new Deposit(2));
        assertThat(accounts.stats()).as("the first conflict on a new stream is free; the second is retried")
                .isEqualTo(new CommandStats(1, 1, 2, 1, 2, 0));

        interference[0] = 3;
        try {
            accounts.handle(account, new Deposit(2));
        } catch (CommandConflictException expected) {
            // the retries ran out
        }
        assertThat(accounts.stats()).isEqualTo(new CommandStats(2, 1, 5, 3, 4, 1));
    }

    @Test
    void answersCountWhatCallersGotInTheProcessAndHowLongTheyWaited() {
        var accounts = CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, Accounts.DECIDER).build();
        assertThat(accounts.answers()).isEqualTo(new CommandAnswers(0, 0, 0, Duration.ZERO));
        CommandMetadata id = CommandMetadata.of("d-1");

        accounts.handle(account, new Deposit(5), id);
        accounts.handle(account, new Deposit(5), id); // a resend: its original result, from the log
        accounts.handle(account, new Withdraw(50));
        try {
            accounts.handle(account, new Explode());
        } catch (IllegalStateException expected) {
            // a bug in decide
        }

        CommandAnswers answers = accounts.answers();
        assertThat(answers.accepted()).isEqualTo(2);
        assertThat(answers.rejected()).isEqualTo(1);
        assertThat(answers.failed()).isEqualTo(1);
        assertThat(answers.count()).isEqualTo(4);
        assertThat(answers.totalTime()).isPositive();
        assertThat(accounts.stats().commands()).as("the resend is answered from the log, not counted").isEqualTo(3);
    }
}

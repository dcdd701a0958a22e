package dev.vellum.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.vellum.store.Deletion;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Metadata;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandHandlerTest {

    private final EventStore store = new InMemoryEventStore();
    private final StreamId account = StreamId.of("account", 1);
    private final CommandHandler<AccountCommand, Account, AccountEvent> accounts = handler(Accounts.DECIDER);

    @AfterEach
    void close() {
        store.close();
    }

    private CommandHandler<AccountCommand, Account, AccountEvent> handler(Decider<AccountCommand, Account, AccountEvent> decider) {
        return CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, decider).build();
    }

    @Test
    void anAcceptedCommandAppendsItsEventsAndSaysWhere() {
        store.append(StreamId.of("other-1"), ExpectedRevision.noStream(),
                Accounts.TYPES.serialize(new Deposited(1)));

        CommandResult<AccountEvent> first = accounts.handle(account, new Deposit(100));
        CommandResult<AccountEvent> second = accounts.handle(account, new Withdraw(30));

        assertThat(first).isEqualTo(new CommandResult.Accepted<>(List.of(new Deposited(100)), 0, Position.of(2)));
        assertThat(second).isEqualTo(new CommandResult.Accepted<>(List.of(new Withdrawn(30)), 1, Position.of(3)));
        assertThat(accounts.load(account)).isEqualTo(new AggregateState<>(account, new Account(70, 2), 1, Position.of(3)));
    }

    @Test
    void aRejectionIsAResultAndAppendsNothing() {
        accounts.handle(account, new Deposit(10));
        Position head = store.head();

        CommandResult<AccountEvent> result = accounts.handle(account, new Withdraw(11));

        assertThat(result).isEqualTo(new CommandResult.Rejected<>("insufficient-funds", "balance 10 is below 11"));
        assertThat(store.head()).isEqualTo(head);
    }

    @Test
    void anExceptionInDecideIsABugThatPropagatesAndAppendsNothing() {
        accounts.handle(account, new Deposit(10));
        Position head = store.head();

        assertThatThrownBy(() -> accounts.handle(account, new Explode(), CommandMetadata.of("c-1")))
                .isInstanceOf(IllegalStateException.class).hasMessage("bug in decide");
        assertThat(store.head()).isEqualTo(head);
    }

    @Test
    void aCommandThatChangesNothingIsAcceptedWithNoEvents() {
        assertThat(accounts.handle(account, new Touch()))
                .isEqualTo(new CommandResult.Accepted<>(List.of(), -1, Position.START));
        accounts.handle(account, new Deposit(5));
        assertThat(accounts.handle(account, new Touch()))
                .isEqualTo(new CommandResult.Accepted<>(List.of(), 0, Position.of(1)));
        assertThat(store.head()).isEqualTo(Position.of(1));
    }

    @Test
    void anEventTheRegistryDoesNotKnowFailsBeforeAnythingIsAppended() {
        assertThatThrownBy(() -> accounts.handle(account, new EmitUnregistered()))
                .isInstanceOf(UnknownEventTypeException.class);
        assertThat(store.head()).isEqualTo(Position.START);
    }

    @Test
    void nullFromDecideOrEvolveIsABugWithAClearMessage() {
        var nullDecision = handler(Decider.of(Account.NONE, (c, s) -> null, Accounts::evolve));
        assertThatThrownBy(() -> nullDecision.handle(account, new Deposit(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("decide returned null");

        accounts.handle(account, new Deposit(1));
        var nullState = handler(Decider.of(Account.NONE, Accounts::decide, (s, e) -> null));
        assertThatThrownBy(() -> nullState.load(account))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("evolve returned null for Deposited");
    }

    @Test
    void correlationCausationAndTheCommandIdFlowIntoEveryEvent() {
        CommandMetadata command = CommandMetadata.of("cmd-7").withCorrelationId("checkout-3").withCausationId("evt-2");
        var twoEvents = handler(Decider.of(Account.NONE,
                (c, s) -> Decision.accept(new Deposited(1), new Deposited(2)), Accounts::evolve));

        twoEvents.handle(account, new Deposit(3), command);

        List<RecordedEvent> events = store.readStream(account);
        Metadata metadata = new Metadata("checkout-3", "evt-2", Map.of("$command", "cmd-7"));
        assertThat(events).extracting(RecordedEvent::metadata)
                .containsExactly(metadata.withHeader("$append", "2"), metadata); // the store marks where an append begins
    }

    @Test
    void theSameCommandIdReturnsTheOriginalResultAndAppendsNothing() {
        CommandMetadata id = CommandMetadata.of("withdraw-1");
        accounts.handle(account, new Deposit(100));
        CommandResult<AccountEvent> original = accounts.handle(account, new Withdraw(60), id);
        accounts.handle(account, new Deposit(1));
        Position head = store.head();

        CommandResult<AccountEvent> again = accounts.handle(account, new Withdraw(60), id);

        assertThat(again).as("not decided again, although the balance (41) would now reject it").isEqualTo(original);
        assertThat(store.head()).isEqualTo(head);
    }

    @Test
    void aCopyWhoseOriginalCommitsJustBeforeItsLoadGetsTheOriginalResult() {
        accounts.handle(account, new Deposit(100));
        var late = CommandHandler.builder(racing(true), Accounts.TYPES, AccountEvent.class, Accounts.DECIDER).build();

        CommandResult<AccountEvent> result = late.handle(account, new Withdraw(60), CommandMetadata.of("w-1"));

        assertThat(result).as("not 'insufficient-funds' from a state that already holds the withdrawal")
                .isEqualTo(new CommandResult.Accepted<>(List.of(new Withdrawn(60)), 1, Position.of(2)));
        assertThat(store.readStream(account)).hasSize(2);
    }

    @Test
    void aCopyWhoseOriginalCommitsBetweenItsLoadAndItsAppendGetsTheOriginalResult() {
        accounts.handle(account, new Deposit(100));
        var late = CommandHandler.builder(racing(false), Accounts.TYPES, AccountEvent.class, Accounts.DECIDER).build();

        CommandResult<AccountEvent> result = late.handle(account, new Withdraw(60), CommandMetadata.of("w-1"));

        assertThat(result).isEqualTo(new CommandResult.Accepted<>(List.of(new Withdrawn(60)), 1, Position.of(2)));
        assertThat(store.readStream(account)).as("its append was recognised as the original's").hasSize(2);
    }

    /**
     * The store, where the first stream read races the original of command {@code w-1}, sent through
     * another handler: it commits just before that read, or just after it.
     */
    private EventStore racing(boolean beforeTheRead) {
        AtomicBoolean raced = new AtomicBoolean();
        return (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(),
                new Class<?>[] {EventStore.class}, (proxy, method, args) -> {
                    boolean race = method.getName().equals("readStream") && raced.compareAndSet(false, true);
                    if (race && beforeTheRead) {
                        accounts.handle(account, new Withdraw(60), CommandMetadata.of("w-1"));
                    }
                    try {
                        Object result = method.invoke(store, args);
                        if (race && !beforeTheRead) {
                            accounts.handle(account, new Withdraw(60), CommandMetadata.of("w-1"));
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void anAcceptedCommandLooksNothingUpByIdAndReadsTheStreamOnceWithoutTheStateCache() {
        Map<String, Integer> calls = new java.util.HashMap<>();
        EventStore counted = (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(),
                new Class<?>[] {EventStore.class}, (proxy, method, args) -> {
                    calls.merge(method.getName(), 1, Integer::sum);
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        var handler = CommandHandler.builder(counted, Accounts.TYPES, AccountEvent.class, Accounts.DECIDER)
                .stateCache(0).build();
        handler.handle(account, new Deposit(10), CommandMetadata.of("d-1"));
        calls.clear();

        handler.handle(account, new Deposit(5), CommandMetadata.of("d-2"));

        assertThat(calls).as("its append recognises a resend by the event ids").containsOnlyKeys("readStream", "append")
                .containsEntry("readStream", 1).containsEntry("append", 1);
    }

    @Test
    void aResendWhoseDecideNowThrowsGetsItsOriginalResult() {
        int[] decisions = {0};
        var flaky = handler(Decider.of(Account.NONE, (command, state) -> {
            if (decisions[0]++ > 0) {
                throw new IllegalStateException("bug in decide");
            }
            return Accounts.decide(command, state);
        }, Accounts::evolve));
        CommandMetadata id = CommandMetadata.of("deposit-1");
        CommandResult<AccountEvent> original = flaky.handle(account, new Deposit(10), id);

        assertThat(flaky.handle(account, new Deposit(10), id)).isEqualTo(original);
        assertThatThrownBy(() -> flaky.handle(account, new Deposit(10), CommandMetadata.of("deposit-2")))
                .hasMessage("bug in decide");
    }

    @Test
    void aResendDecidedIntoOtherEventsGetsItsOriginalResultAndAppendsNothing() {
        CommandMetadata id = CommandMetadata.of("deposit-1");
        CommandResult<AccountEvent> original = accounts.handle(account, new Deposit(10), id);
        accounts.handle(account, new Deposit(1));
        Position head = store.head();

        assertThat(accounts.handle(account, new Deposit(20), id)).isEqualTo(original);
        assertThat(accounts.handle(account, new Accounts.EmitUnregistered(), id)).isEqualTo(original);
        assertThat(store.head()).isEqualTo(head);
    }

    @Test
    void aRejectedCommandSentAgainIsDecidedAgain() {
        CommandMetadata id = CommandMetadata.of("withdraw-1");
        assertThat(accounts.handle(account, new Withdraw(10), id)).isInstanceOf(CommandResult.Rejected.class);
        accounts.handle(account, new Deposit(10));

        assertThat(accounts.handle(account, new Withdraw(10), id))
                .isEqualTo(new CommandResult.Accepted<>(List.of(new Withdrawn(10)), 1, Position.of(2)));
    }

    @Test
    void aCommandIdIsPerStream() {
        StreamId other = StreamId.of("account", 2);
        CommandMetadata id = CommandMetadata.of("deposit-1");
        accounts.handle(account, new Deposit(10), id);

        assertThat(accounts.handle(other, new Deposit(20), id))
                .isEqualTo(new CommandResult.Accepted<>(List.of(new Deposited(20)), 0, Position.of(2)));
    }

    @Test
    void aCommandOnASoftDeletedStreamStartsOverAndReportsTheRealRevision() {
        accounts.handle(account, new Deposit(10));
        accounts.handle(account, new Deposit(10));
        store.delete(account, ExpectedRevision.exactly(1), Deletion.soft());

        assertThat(accounts.handle(account, new Withdraw(1))).isInstanceOf(CommandResult.Rejected.class);
        assertThat(accounts.handle(account, new Deposit(3)))
                .isEqualTo(new CommandResult.Accepted<>(List.of(new Deposited(3)), 2, Position.of(3)));
        assertThat(accounts.load(account).state()).isEqualTo(new Account(3, 1));
    }

    @Test
    void aStreamTruncatedPastItsEndTakesCommandsEvenWithoutRetries() {
        accounts.handle(account, new Deposit(10));
        accounts.handle(account, new Deposit(10));
        store.delete(account, ExpectedRevision.exactly(1), Deletion.truncateBefore(2));
        var strict = CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, Accounts.DECIDER)
                .retries(Retries.none()).build();

        assertThat(strict.handle(account, new Deposit(3)))
                .isEqualTo(new CommandResult.Accepted<>(List.of(new Deposited(3)), 2, Position.of(3)));
        assertThat(strict.load(account).state()).isEqualTo(new Account(3, 1));
    }

    @Test
    void aConflictIsRetriedWithAFreshStateUntilTheRetriesRunOut() {
        int[] interference = {2};
        List<Account> seen = new ArrayList<>();
        Decider<AccountCommand, Account, AccountEvent> racing = Decider.of(Account.NONE, (command, state) -> {
            seen.add(state);
            if (interference[0]-- > 0) { // another writer appends between this load and the append
                store.append(account, ExpectedRevision.any(), Accounts.TYPES.serialize(new Deposited(1)));
            }
            return Accounts.decide(command, state);
        }, Accounts::evolve);
        // without the cache, so that every command starts from a read (a cached state's conflict is free)
        var handler = CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, racing)
                .retries(new Retries(3, CommandHandlerBuilder.DEFAULT_RETRIES.backoff())).stateCache(0).build();

        CommandResult<AccountEvent> result = handler.handle(account, new Deposit(2));

        assertThat(seen).containsExactly(Account.NONE, new Account(1, 1), new Account(2, 2));
        assertThat(result).isEqualTo(new CommandResult.Accepted<>(List.of(new Deposited(2)), 2, Position.of(3)));

        seen.clear();
        interference[0] = 3;
        Position head = store.head();
        assertThatThrownBy(() -> handler.handle(account, new Withdraw(1), CommandMetadata.of("w-2")))
                .isInstanceOfSatisfying(CommandConflictException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.commandId()).isEqualTo("w-2");
                    assertThat(e.stream()).isEqualTo(account);
                    assertThat(e.actualRevision()).isEqualTo(5);
                    assertThat(e.getMessage()).contains("lost the race", "Nothing was appended", "same command id");
                });
        assertThat(seen).hasSize(3);
        assertThat(store.readAll(head, LogFilter.types("Withdrawn"), 10)).as("nothing of the command").isEmpty();
    }
}

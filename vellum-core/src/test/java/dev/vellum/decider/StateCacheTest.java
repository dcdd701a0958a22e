package dev.vellum.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.Accounts.Account;
import dev.vellum.decider.Accounts.AccountEvent;
import dev.vellum.decider.Accounts.Deposit;
import dev.vellum.decider.Accounts.Withdraw;
import dev.vellum.decider.Accounts.Withdrawn;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The state cache: a command for a stream the handler decided on before reads nothing, and a
 * cached state another writer outdated (another handler, a deletion) costs a refused append and a
 * read, never a wrong result.
 */
class StateCacheTest {

    private final EventStore store = new InMemoryEventStore();
    private final Map<String, Integer> calls = new HashMap<>();
    private final EventStore counted = (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(),
            new Class<?>[] {EventStore.class}, (proxy, method, args) -> {
                calls.merge(method.getName(), 1, Integer::sum);
                try {
                    return method.invoke(store, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    private final StreamId account = StreamId.of("account", 1);

    @AfterEach
    void close() {
        store.close();
    }

    private CommandHandler<Accounts.AccountCommand, Account, AccountEvent> handler(int cachedStates) {
        return CommandHandler.builder(counted, Accounts.TYPES, AccountEvent.class, Accounts.DECIDER)
                .stateCache(cachedStates).build();
    }

    @Test
    void aCommandForACachedStreamReadsNothingAndAppendsWithTheCachedRevision() {
        var accounts = handler(CommandHandlerBuilder.DEFAULT_CACHED_STATES);
        accounts.handle(account, new Deposit(10), CommandMetadata.of("d-1"));
        calls.clear();

        CommandResult<AccountEvent> result = accounts.handle(account, new Withdraw(4), CommandMetadata.of("w-1"));

        assertThat(calls).as("no read, one append").containsOnlyKeys("append").containsEntry("append", 1);
        assertThat(result).isInstanceOfSatisfying(CommandResult.Accepted.class, a -> assertThat(a.revision()).isEqualTo(1));
        assertThat(accounts.load(account).state()).isEqualTo(new Account(6, 2));
        assertThat(accounts.cacheStats()).isEqualTo(new StateCacheStats(1, 1, 0, 1, CommandHandlerBuilder.DEFAULT_CACHED_STATES));
    }

    @Test
    void aStateAnotherHandlerOutdatedIsDroppedAndTheCommandDecidedAgainOnTheStore() {
        var node1 = handler(100);
        var node2 = handler(100);
        node1.handle(account, new Deposit(10));
        node2.handle(account, new Deposit(5)); // node 1's cached state is now one event behind

        CommandResult<AccountEvent> accepted = node1.handle(account, new Deposit(1));
        assertThat(accepted).isInstanceOfSatisfying(CommandResult.Accepted.class, a -> assertThat(a.revision()).isEqualTo(2));
        assertThat(node1.cacheStats().stale()).isEqualTo(1);

        node2.handle(account, new Deposit(4)); // node 2 now behind by one, and the balance 20
        CommandResult<AccountEvent> withdrawn = node2.handle(account, new Withdraw(20));
        assertThat(withdrawn).as("decided on the store's state, not the cached 16")
                .isInstanceOf(CommandResult.Accepted.class);
        // node 1 cached 16 and would reject 20; a rejection on a kept state is checked against the store
        node1.handle(account, new Deposit(20));
        assertThat(node2.handle(account, new Withdraw(20))).isInstanceOf(CommandResult.Accepted.class);
        assertThat(node1.handle(account, new Withdraw(1))).as("the balance is 0, whatever node 1 cached")
                .isInstanceOf(CommandResult.Rejected.class);

        assertThat(store.readStream(account)).extracting(RecordedEvent::type)
                .containsExactly("Deposited", "Deposited", "Deposited", "Deposited", "Withdrawn", "Deposited", "Withdrawn");
        assertThat(node1.load(account).state()).isEqualTo(new Account(0, 7));
    }

    @Test
    void theCacheKeepsAtMostItsBoundAndEvictsTheLeastRecentlyUsed() {
        var accounts = handler(2);
        StreamId a = StreamId.of("account", 10);
        StreamId b = StreamId.of("account", 11);
        StreamId c = StreamId.of("account", 12);
        accounts.handle(a, new Deposit(1));
        accounts.handle(b, new Deposit(1));
        accounts.handle(a, new Deposit(1)); // a is now the most recently used
        accounts.handle(c, new Deposit(1)); // evicts b
        assertThat(accounts.cacheStats().entries()).isEqualTo(2);
        calls.clear();

        accounts.handle(a, new Deposit(1));
        assertThat(calls).as("a is still cached").doesNotContainKey("readStream");
        accounts.handle(b, new Deposit(1));
        assertThat(calls).as("b was evicted: read again").containsEntry("readStream", 1);
        assertThat(accounts.load(b).state()).isEqualTo(new Account(2, 2));
        assertThat(accounts.cacheStats()).isEqualTo(new StateCacheStats(2, 4, 0, 2, 2));
    }

    @Test
    void withTheCacheOffEveryCommandReadsTheStream() {
        var accounts = handler(0);
        accounts.handle(account, new Deposit(1));
        calls.clear();
        accounts.handle(account, new Deposit(1));
        assertThat(calls).containsEntry("readStream", 1);
        assertThat(accounts.cacheStats()).isEqualTo(new StateCacheStats(0, 0, 0, 0, 0));
    }

    @Test
    void aSoftDeletedStreamBehindTheCacheIsDecidedOnFromItsReadableEvents() {
        var accounts = handler(100);
        accounts.handle(account, new Deposit(10));
        store.delete(account, ExpectedRevision.any(), Deletion.soft());

        assertThat(accounts.handle(account, new Withdraw(5))).as("the deleted balance is gone")
                .isInstanceOf(CommandResult.Rejected.class);
        CommandResult<AccountEvent> again = accounts.handle(account, new Deposit(3));

        assertThat(again).isInstanceOfSatisfying(CommandResult.Accepted.class, a -> assertThat(a.revision()).isEqualTo(1));
        assertThat(store.readStream(account)).extracting(RecordedEvent::revision).containsExactly(1L);
        assertThat(accounts.load(account).state()).isEqualTo(new Account(3, 1));
    }

    @Test
    void aTombstonedStreamBehindTheCacheAnswersTheStoresErrorAndDropsTheEntry() {
        var accounts = handler(100);
        accounts.handle(account, new Deposit(10));
        store.delete(account, ExpectedRevision.any(), Deletion.tombstone());

        assertThatThrownBy(() -> accounts.handle(account, new Deposit(1))).isInstanceOf(StreamDeletedException.class);
        assertThat(accounts.cacheStats().entries()).isZero();
    }

    @Test
    void aResendToACachedStreamGetsItsOriginalResultAndAppendsNothing() {
        var accounts = handler(100);
        CommandResult<AccountEvent> first = accounts.handle(account, new Deposit(10), CommandMetadata.of("d-1"));
        accounts.handle(account, new Withdraw(3));

        assertThat(accounts.handle(account, new Deposit(10), CommandMetadata.of("d-1"))).isEqualTo(first);
        assertThat(store.readStream(account)).hasSize(2);
        CommandResult<AccountEvent> last = accounts.handle(account, new Withdraw(7));
        assertThat(last).as("the cached state is still right").isInstanceOfSatisfying(CommandResult.Accepted.class, a -> {
            assertThat(a.events()).isEqualTo(List.of(new Withdrawn(7)));
            assertThat(a.revision()).isEqualTo(2);
        });
        assertThat(accounts.handle(account, new Withdraw(1))).isInstanceOf(CommandResult.Rejected.class);
    }

    @Test
    void aNegativeBoundIsRefused() {
        var builder = CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, Accounts.DECIDER);
        assertThatThrownBy(() -> builder.stateCache(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 (off)");
    }
}

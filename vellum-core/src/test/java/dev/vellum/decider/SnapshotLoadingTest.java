package dev.vellum.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.Accounts.Account;
import dev.vellum.decider.Accounts.AccountCommand;
import dev.vellum.decider.Accounts.AccountEvent;
import dev.vellum.decider.Accounts.Deposit;
import dev.vellum.snapshot.Snapshot;
import dev.vellum.snapshot.SnapshotPolicy;
import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.snapshot.StateFormat;
import dev.vellum.snapshot.StateFormatException;
import dev.vellum.snapshot.memory.InMemorySnapshotStore;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Snapshots through the command handler. A snapshot whose state is deliberately "marked" (a balance
 * no history produces) shows whether a load started from it: a marked state leaks into the result
 * exactly when the snapshot was used.
 */
class SnapshotLoadingTest {

    private static final StateFormat<Account> V1 = StateFormat.json("account", 1, Account.class);
    private static final StateFormat<Account> V2 = StateFormat.json("account", 2, Account.class);
    private static final long MARK = 1_000_000;

    private final EventStore store = new InMemoryEventStore();
    private final InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
    private final StreamId account = StreamId.of("account", 1);

    @AfterEach
    void close() {
        store.close();
    }

    private CommandHandler<AccountCommand, Account, AccountEvent> handler(SnapshotStore where, int every,
            StateFormat<Account> format) {
        return CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, Accounts.DECIDER)
                .snapshots(where, SnapshotPolicy.every(every), format).build();
    }

    private void deposit(CommandHandler<AccountCommand, Account, AccountEvent> handler, int times) {
        for (int i = 0; i < times; i++) {
            handler.handle(account, new Deposit(1));
        }
    }

    private Snapshot kept() {
        return snapshots.load(account, "account").orElseThrow();
    }

    /** Replaces the kept snapshot's state with a marked one, keeping everything else. */
    private void mark() {
        Snapshot s = kept();
        snapshots.delete(account);
        Account state = V1.read(s.state());
        snapshots.save(new Snapshot(s.stream(), s.stateType(), s.schemaVersion(), s.firstRevision(), s.revision(),
                s.eventId(), V1.write(new Account(state.balance() + MARK, state.events()))));
    }

    @Test
    void aSnapshotIsTakenEveryNEventsAndRecordsWhereItFits() {
        var handler = handler(snapshots, 10, V1);
        deposit(handler, 9);
        assertThat(snapshots.load(account, "account")).isEmpty();
        deposit(handler, 1);
        assertThat(kept()).isEqualTo(new Snapshot(account, "account", 1, 0, 9,
                store.readStream(account).getLast().id(), "{\"balance\":10,\"events\":10}"));
        deposit(handler, 19);
        assertThat(kept().revision()).isEqualTo(19);
        deposit(handler, 1);
        assertThat(kept().revision()).isEqualTo(29);
    }

    @Test
    void loadsStartFromTheSnapshotAndFoldTheEventsAfterIt() {
        var handler = handler(snapshots, 10, V1);
        deposit(handler, 13);
        mark();
        assertThat(handler.load(account).state()).isEqualTo(new Account(MARK + 13, 13));
        assertThat(handler.load(account).revision()).isEqualTo(12);
    }

    @Test
    void aStreamShorterThanOneSnapshotIntervalIsFoldedWithoutReadingItsSnapshot() {
        int[] loads = {0};
        SnapshotStore counted = new SnapshotStore() {
            @Override
            public Optional<Snapshot> load(StreamId stream, String stateType) {
                loads[0]++;
                return snapshots.load(stream, stateType);
            }

            @Override
            public void save(Snapshot snapshot) {
                snapshots.save(snapshot);
            }

            @Override
            public void delete(StreamId stream) {
                snapshots.delete(stream);
            }
        };
        var handler = handler(counted, 10, V1);
        deposit(handler, 9);
        assertThat(handler.load(account).state()).isEqualTo(new Account(9, 9));
        assertThat(loads[0]).as("9 events, fewer than one interval of 10").isZero();

        deposit(handler, 4);
        mark();
        loads[0] = 0;
        assertThat(handler.load(account).state()).as("13 events: from the snapshot").isEqualTo(new Account(MARK + 13, 13));
        assertThat(loads[0]).isEqualTo(1);
    }

    @Test
    void aSnapshotOfAnotherSchemaVersionIsIgnoredAndReplaced() {
        deposit(handler(snapshots, 10, V1), 13);
        mark();
        var upgraded = handler(snapshots, 10, V2);

        assertThat(upgraded.load(account).state()).as("folded from the events").isEqualTo(new Account(13, 13));
        deposit(upgraded, 1);
        assertThat(kept().schemaVersion()).isEqualTo(2);
        assertThat(kept().revision()).isEqualTo(13);
        assertThat(V2.read(kept().state())).isEqualTo(new Account(14, 14));
    }

    @Test
    void aSnapshotThatNoLongerDescribesTheReadableStreamIsIgnored() {
        var handler = handler(snapshots, 5, V1);
        deposit(handler, 12);
        mark();
        store.delete(account, ExpectedRevision.any(), Deletion.truncateBefore(3));
        assertThat(handler.load(account).state()).as("after a truncation it folded").isEqualTo(new Account(9, 9));

        deposit(handler, 6);
        mark();
        store.delete(account, ExpectedRevision.any(), Deletion.soft());
        deposit(handler, 2);
        assertThat(handler.load(account).state()).as("after a soft delete").isEqualTo(new Account(2, 2));
    }

    @Test
    void aSnapshotOfAnotherHistoryIsIgnored() {
        var handler = handler(snapshots, 5, V1);
        deposit(handler, 7);
        Snapshot s = kept();
        snapshots.delete(account);
        snapshots.save(new Snapshot(account, "account", 1, 0, s.revision(), UUID.randomUUID(),
                V1.write(new Account(MARK, 5))));
        assertThat(handler.load(account).state()).isEqualTo(new Account(7, 7));
    }

    @Test
    void anUnreadableSnapshotIsIgnored() {
        var handler = handler(snapshots, 5, V1);
        deposit(handler, 7);
        Snapshot s = kept();
        snapshots.save(new Snapshot(account, "account", 1, 0, s.revision() + 1, s.eventId(), "not json"));
        assertThat(handler.load(account).state()).isEqualTo(new Account(7, 7));
    }

    @Test
    void deletingSnapshotsChangesNothing() {
        var handler = handler(snapshots, 4, V1);
        deposit(handler, 11);
        AggregateState<Account> before = handler.load(account);
        snapshots.delete(account);
        assertThat(handler.load(account)).isEqualTo(before);
        assertThat(handler.handle(account, new Accounts.Withdraw(11))).isInstanceOf(CommandResult.Accepted.class);
    }

    @Test
    void aFailingSnapshotStoreNeverFailsACommand() {
        SnapshotStore broken = new SnapshotStore() {
            @Override
            public Optional<Snapshot> load(StreamId stream, String stateType) {
                throw new IllegalStateException("disk gone");
            }

            @Override
            public void save(Snapshot snapshot) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public void delete(StreamId stream) {
            }
        };
        var handler = handler(broken, 1, V1);
        assertThat(handler.handle(account, new Deposit(5))).isInstanceOf(CommandResult.Accepted.class);
        assertThat(handler.load(account).state()).isEqualTo(new Account(5, 1));
    }

    /** A state Jackson cannot construct without knowing its subtypes. */
    sealed interface Opaque permits Closed {
    }

    record Closed(String reason) implements Opaque {
    }

    @Test
    void aStateTheFormatCannotReadFailsWhenTheHandlerIsBuilt() {
        Decider<AccountCommand, Opaque, AccountEvent> opaque =
                Decider.of(new Closed("never opened"), (c, s) -> Decision.accept(), (s, e) -> s);
        assertThatThrownBy(() -> CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, opaque)
                .snapshots(snapshots, SnapshotPolicy.every(10), StateFormat.json("opaque", 1, Opaque.class)).build())
                .isInstanceOf(StateFormatException.class).hasMessageContaining("state 'opaque'");
    }

    @Test
    void timeTravelUsesASnapshotOnlyAtOrBeforeTheRevision() {
        var handler = handler(snapshots, 10, V1);
        deposit(handler, 25);
        mark(); // at revision 19
        assertThat(handler.loadAsOf(account, 5).state()).isEqualTo(new Account(6, 6));
        assertThat(handler.loadAsOf(account, 21).state()).isEqualTo(new Account(MARK + 22, 22));
    }
}

package dev.vellum.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.CommandConflictException;
import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.retry.Retries;
import dev.vellum.snapshot.SnapshotPolicy;
import dev.vellum.snapshot.StateFormat;
import dev.vellum.snapshot.memory.InMemorySnapshotStore;
import dev.vellum.store.Deletion;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamDeletedException;
import dev.vellum.store.StreamId;
import dev.vellum.store.tck.TestAccounts.Account;
import dev.vellum.store.tck.TestAccounts.Command;
import dev.vellum.store.tck.TestAccounts.Deposit;
import dev.vellum.store.tck.TestAccounts.Event;
import dev.vellum.store.tck.TestAccounts.Withdraw;
import dev.vellum.store.tck.TestAccounts.Withdrawn;
import dev.vellum.time.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Command handling (deciders) on this store: it uses only the store port, so every store that
 * passes the rest of the suite must pass these too. Under contention, no update is lost and no
 * invariant is broken; a command id is recorded once, however often and however concurrently it
 * is sent; snapshots never change a state.
 */
abstract class CommandHandlingTests extends StoreTestSupport {

    private final StreamId account = StreamId.of("account-1");
    private final ExecutorService pool = Executors.newFixedThreadPool(32);

    @AfterEach
    final void stopPool() {
        pool.shutdownNow();
    }

    /** Runs the tasks at once behind a start gate; each outcome is a result or the exception thrown. */
    private List<Object> race(List<Callable<Object>> tasks) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<Object> task : tasks) {
            futures.add(pool.submit(() -> {
                go.await();
                try {
                    return task.call();
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        go.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> future : futures) {
            outcomes.add(future.get(50, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    private CommandHandler<Command, Account, Event> patientHandler() {
        return TestAccounts.handler(store).retries(new Retries(201, new Backoff(Duration.ofMillis(1), Duration.ofMillis(20))))
                .build();
    }

    @Test
    void thirtyTwoThreadsWithdrawingFromOneAccountNeverOverdrawItNorLoseAnUpdate() throws Exception {
        withdrawFromOneAccount(List.of(patientHandler()));
    }

    /**
     * Two handlers stand for two nodes: each queues its own commands for the account, and the two
     * queues meet only in the store, whose revision check must turn each node's stale state into a
     * conflict that is decided again.
     */
    @Test
    void twoNodesWithdrawingFromOneAccountNeverOverdrawItNorLoseAnUpdate() throws Exception {
        withdrawFromOneAccount(List.of(patientHandler(), patientHandler()));
    }

    /** 32 clients, taking the handlers in turn, each sending 8 withdrawals with ids of their own. */
    private void withdrawFromOneAccount(List<CommandHandler<Command, Account, Event>> nodes) throws Exception {
        CommandHandler<Command, Account, Event> first = nodes.getFirst();
        first.handle(account, new Deposit(1_000));
        Random random = new Random(7);
        Map<String, Long> amounts = new HashMap<>();
        List<Callable<Object>> clients = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = "withdraw-" + t + "-" + i;
                amounts.put(id, 1L + random.nextInt(9));
                ids.add(id);
            }
            CommandHandler<Command, Account, Event> accounts = nodes.get(t % nodes.size());
            clients.add(() -> {
                List<Object> outcomes = new ArrayList<>();
                for (String id : ids) {
                    try {
                        outcomes.add(accounts.handle(account, new Withdraw(amounts.get(id)), CommandMetadata.of(id)));
                    } catch (CommandConflictException e) {
                        outcomes.add(e);
                    }
                }
                return outcomes;
            });
        }
        List<Object> perClient = race(clients);

        Map<String, Object> outcomes = new HashMap<>();
        for (int t = 0; t < 32; t++) {
            assertThat(perClient.get(t)).as("client %d finished without a bug", t).isInstanceOf(List.class);
            List<?> list = (List<?>) perClient.get(t);
            for (int i = 0; i < 8; i++) {
                outcomes.put("withdraw-" + t + "-" + i, list.get(i));
            }
        }
        List<RecordedEvent> history = store.readStream(account);
        long balance = 1_000;
        Map<String, Long> recorded = new HashMap<>();
        for (RecordedEvent event : history.subList(1, history.size())) {
            Withdrawn withdrawn = TestAccounts.TYPES.deserialize(event, Withdrawn.class);
            balance -= withdrawn.amount();
            assertThat(balance).as("balance after revision %d", event.revision()).isNotNegative();
            String id = event.metadata().header(CommandMetadata.COMMAND_HEADER);
            assertThat(recorded.put(id, withdrawn.amount())).as("command %s recorded twice", id).isNull();
            assertThat(outcomes.get(id)).as("command %s", id).isInstanceOfSatisfying(CommandResult.Accepted.class,
                    accepted -> assertThat(accepted.revision()).isEqualTo(event.revision()));
        }
        long accepted = outcomes.values().stream().filter(CommandResult.Accepted.class::isInstance).count();
        assertThat(recorded).as("every accepted withdrawal, and only those, is in the history").hasSize((int) accepted);
        assertThat(accepted).as("some withdrawals got through").isPositive();
        assertThat(outcomes.values()).as("the account ran dry, so some were rejected")
                .anySatisfy(o -> assertThat(o).isInstanceOf(CommandResult.Rejected.class));
        outcomes.forEach((id, outcome) -> {
            if (outcome instanceof CommandResult.Rejected<?> rejected) {
                assertThat(rejected.code()).isEqualTo("insufficient-funds");
                assertThat(recorded).doesNotContainKey(id);
            }
        });
        for (CommandHandler<Command, Account, Event> node : nodes) {
            assertThat(node.load(account).state()).isEqualTo(new Account(balance, history.size()));
        }
        assertThat(recorded.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1_000 - balance);
    }

    @Test
    void aCommandSentManyTimesAtOnceIsRecordedOnce() throws Exception {
        CommandHandler<Command, Account, Event> accounts = TestAccounts.handler(store).build();
        accounts.handle(account, new Deposit(100));
        List<Callable<Object>> senders = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            senders.add(() -> accounts.handle(account, new Withdraw(60), CommandMetadata.of("withdraw-once")));
        }
        List<Object> outcomes = race(senders);

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(CommandResult.Accepted.class));
        assertThat(outcomes).as("every sender got the one original result").containsOnly(outcomes.getFirst());
        assertThat(store.readStream(account)).hasSize(2);
        assertThat(accounts.load(account).state()).isEqualTo(new Account(40, 2));
    }

    @Test
    void aCommandSentAgainReturnsItsOriginalResult() {
        CommandHandler<Command, Account, Event> accounts = TestAccounts.handler(store).build();
        accounts.handle(account, new Deposit(100));
        CommandResult<Event> original = accounts.handle(account, new Withdraw(70), CommandMetadata.of("w-1"));
        accounts.handle(account, new Deposit(1));
        Position head = store.head();

        assertThat(accounts.handle(account, new Withdraw(70), CommandMetadata.of("w-1"))).isEqualTo(original);
        assertThat(store.head()).isEqualTo(head);
    }

    @Test
    void snapshotsNeverChangeAStateOnThisStore() {
        InMemorySnapshotStore snapshots = new InMemorySnapshotStore();
        CommandHandler<Command, Account, Event> withSnapshots = TestAccounts.handler(store)
                .snapshots(snapshots, SnapshotPolicy.every(7), StateFormat.json("tck-account", 1, Account.class)).build();
        CommandHandler<Command, Account, Event> folding = TestAccounts.handler(store).build();
        Random random = new Random(11);
        for (int i = 0; i < 60; i++) {
            withSnapshots.handle(account, random.nextBoolean() ? new Deposit(random.nextInt(10)) : new Withdraw(random.nextInt(10)));
            if (i == 30) {
                store.delete(account, ExpectedRevision.any(), Deletion.truncateBefore(10));
            }
        }
        assertThat(snapshots.load(account, "tck-account")).isPresent();
        assertThat(withSnapshots.load(account)).isEqualTo(folding.load(account));
        long last = folding.load(account).revision();
        for (long revision = 10; revision <= last; revision++) {
            assertThat(withSnapshots.loadAsOf(account, revision)).isEqualTo(folding.loadAsOf(account, revision));
        }
    }

    @Test
    void aTombstonedStreamRefusesCommandsWithATypedError() {
        CommandHandler<Command, Account, Event> accounts = TestAccounts.handler(store).build();
        accounts.handle(account, new Deposit(5));
        store.delete(account, ExpectedRevision.any(), Deletion.tombstone());
        assertRejectedAndUnchanged(StreamDeletedException.class,
                () -> accounts.handle(account, new Deposit(1), CommandMetadata.of("d-2")), account);
        assertThatThrownBy(() -> accounts.load(account)).isInstanceOf(StreamDeletedException.class);
    }
}

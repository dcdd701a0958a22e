package dev.vellum.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.Accounts.Account;
import dev.vellum.decider.Accounts.AccountCommand;
import dev.vellum.decider.Accounts.AccountEvent;
import dev.vellum.decider.Accounts.Deposit;
import dev.vellum.decider.Accounts.Withdraw;
import dev.vellum.retry.Retries;
import dev.vellum.store.EventStore;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.StreamNotFoundException;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Against a model: whatever commands clients send at once, through two handlers (two nodes) on
 * two accounts, with resends among them, the history is one the decider could have produced one
 * command at a time, every accepted command is in it once at the revision and position its result
 * says, a resend got its original's result, and nothing rejected or failed is in it.
 */
class ConcurrentCommandsPropertyTest {

    private static final int CLIENTS = 6;

    /**
     * @param account 0 or 1
     * @param deposit a deposit, or else a withdrawal
     * @param resendOf the index of an earlier command this one is a copy of, or -1
     */
    record Sent(int account, boolean deposit, long amount, int resendOf) {
    }

    @Provide
    Arbitrary<List<Sent>> commands() {
        Arbitrary<Sent> one = Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.of(true, false),
                Arbitraries.longs().between(1, 40), Arbitraries.integers().between(-1, 30))
                .as(Sent::new);
        return one.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 25)
    void concurrentCommandsLeaveAHistoryTheDeciderCouldHaveMadeAlone(@ForAll("commands") List<Sent> sent)
            throws Exception {
        EventStore store = new InMemoryEventStore();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            Retries patient = new Retries(501, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)));
            List<CommandHandler<AccountCommand, Account, AccountEvent>> nodes = List.of(
                    CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, Accounts.DECIDER).retries(patient).build(),
                    CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, Accounts.DECIDER).retries(patient).build());
            List<String> ids = new ArrayList<>();
            List<Sent> effective = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                Sent s = sent.get(i);
                boolean copy = s.resendOf() >= 0 && s.resendOf() < i;
                Sent original = copy ? effective.get(s.resendOf()) : s;
                effective.add(original);
                ids.add(copy ? ids.get(s.resendOf()) : "c-" + i);
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                Sent s = effective.get(i);
                String id = ids.get(i);
                var node = nodes.get(i % 2);
                futures.add(pool.submit(() -> {
                    go.await();
                    AccountCommand command = s.deposit() ? new Deposit(s.amount()) : new Withdraw(s.amount());
                    return node.handle(stream(s.account()), command, CommandMetadata.of(id));
                }));
            }
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(30, TimeUnit.SECONDS));
            }

            Map<String, CommandResult<?>> acceptedById = new HashMap<>();
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i) instanceof CommandResult.Accepted<?> a) {
                    CommandResult<?> before = acceptedById.putIfAbsent(ids.get(i), a);
                    assertThat(before == null || before.equals(a)).as("a resend of %s got its original's result", ids.get(i))
                            .isTrue();
                }
            }
            for (int account = 0; account < 2; account++) {
                Account state = Account.NONE;
                for (RecordedEvent event : history(store, account)) {
                    String id = event.metadata().header(CommandMetadata.COMMAND_HEADER);
                    Sent s = effective.get(ids.indexOf(id));
                    AccountCommand command = s.deposit() ? new Deposit(s.amount()) : new Withdraw(s.amount());
                    Decision<AccountEvent> alone = Accounts.decide(command, state);
                    AccountEvent recorded = Accounts.TYPES.deserialize(event, AccountEvent.class);
                    assertThat(alone).as("command %s decided alone on the history before it", id)
                            .isEqualTo(Decision.accept(recorded));
                    assertThat(acceptedById.remove(id)).as("the result of %s", id).isEqualTo(
                            new CommandResult.Accepted<>(List.of(recorded), event.revision(), event.position()));
                    state = Accounts.evolve(state, recorded);
                }
                assertThat(nodes.get(account).load(stream(account)).state()).isEqualTo(state);
            }
            assertThat(acceptedById).as("accepted commands missing from the history").isEmpty();
        } finally {
            pool.shutdownNow();
            store.close();
        }
    }

    private static List<RecordedEvent> history(EventStore store, int account) {
        try {
            return store.readStream(stream(account));
        } catch (StreamNotFoundException e) {
            return List.of();
        }
    }

    private static StreamId stream(int account) {
        return StreamId.of("account", account + 1);
    }
}

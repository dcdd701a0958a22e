package dev.vellum.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.Accounts.Account;
import dev.vellum.decider.Accounts.AccountCommand;
import dev.vellum.decider.Accounts.AccountEvent;
import dev.vellum.decider.Accounts.Deposit;
import dev.vellum.decider.Accounts.Withdraw;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Against a model: commands from two handlers (two nodes, each with its own state cache, one of
 * them tiny so it evicts) on three accounts, interleaved at random with soft deletions by a third
 * writer, each get the result the model gives deciding them one at a time on the store's state, and
 * every account ends as the model says.
 */
class StateCachePropertyTest {

    /**
     * @param node 0 or 1, the handler that sends it; 2 soft-deletes the account instead
     * @param account 0 to 2
     * @param deposit a deposit, or else a withdrawal
     */
    record Step(int node, int account, boolean deposit, long amount) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> node = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(10, 0), net.jqwik.api.Tuple.of(10, 1), net.jqwik.api.Tuple.of(1, 2));
        return Combinators.combine(node, Arbitraries.integers().between(0, 2), Arbitraries.of(true, false),
                Arbitraries.longs().between(1, 20)).as(Step::new).list().ofMaxSize(60);
    }

    @Property(tries = 200)
    void everyCommandIsDecidedOnTheStoresStateWhateverTheCachesHold(@ForAll("steps") List<Step> steps) {
        try (EventStore store = new InMemoryEventStore()) {
            List<CommandHandler<AccountCommand, Account, AccountEvent>> nodes = List.of(
                    CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, Accounts.DECIDER).build(),
                    CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, Accounts.DECIDER)
                            .stateCache(1).build());
            Map<Integer, Long> model = new HashMap<>();
            Map<Integer, Boolean> written = new HashMap<>();
            for (Step step : steps) {
                StreamId stream = StreamId.of("account", step.account());
                long balance = model.getOrDefault(step.account(), 0L);
                if (step.node() == 2) {
                    if (written.getOrDefault(step.account(), false)) {
                        store.delete(stream, ExpectedRevision.any(), Deletion.soft());
                        written.put(step.account(), false);
                        model.put(step.account(), 0L);
                    }
                    continue;
                }
                AccountCommand command = step.deposit() ? new Deposit(step.amount()) : new Withdraw(step.amount());
                CommandResult<AccountEvent> result = nodes.get(step.node()).handle(stream, command);
                boolean accepted = step.deposit() || step.amount() <= balance;
                assertThat(result).as("%s on a balance of %d", step, balance)
                        .isInstanceOf(accepted ? CommandResult.Accepted.class : CommandResult.Rejected.class);
                if (accepted) {
                    model.put(step.account(), balance + (step.deposit() ? step.amount() : -step.amount()));
                    written.put(step.account(), true);
                }
            }
            for (int account = 0; account < 3; account++) {
                StreamId stream = StreamId.of("account", account);
                assertThat(nodes.get(0).load(stream).state().balance()).isEqualTo(model.getOrDefault(account, 0L));
            }
            assertThat(nodes.get(1).cacheStats().entries()).isLessThanOrEqualTo(1);
        }
    }
}

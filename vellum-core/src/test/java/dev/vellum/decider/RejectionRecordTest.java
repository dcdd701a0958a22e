package dev.vellum.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.Accounts.Account;
import dev.vellum.decider.Accounts.AccountCommand;
import dev.vellum.decider.Accounts.AccountEvent;
import dev.vellum.decider.Accounts.Deposit;
import dev.vellum.decider.Accounts.Withdraw;
import dev.vellum.projection.Projection;
import dev.vellum.projection.ProjectionContext;
import dev.vellum.projection.ProjectionRunner;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.memory.InMemoryCheckpointStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The opt-in record of rejected commands, in a stream of its own, and a read model that shows why a command failed. */
class RejectionRecordTest {

    private final InMemoryEventStore store = new InMemoryEventStore();
    private final StreamId account = StreamId.of("account", "ada");

    @AfterEach
    void close() {
        store.close();
    }

    private CommandHandler<AccountCommand, Account, AccountEvent> handler(boolean record) {
        CommandHandlerBuilder<AccountCommand, Account, AccountEvent> builder = CommandHandler.builder(store, Accounts.TYPES,
                AccountEvent.class, Accounts.DECIDER);
        return (record ? builder.recordRejections() : builder).build();
    }

    private List<RecordedEvent> rejections() {
        return store.readAll(Position.START, LogFilter.categories(CommandRejection.CATEGORY), 100);
    }

    @Test
    void aRejectionIsRecordedOnceInAStreamOfItsOwnAndTheAggregateStaysAsItWas() {
        CommandHandler<AccountCommand, Account, AccountEvent> accounts = handler(true);
        accounts.handle(account, new Deposit(10), CommandMetadata.of("deposit-1"));
        CommandMetadata withdrawal = CommandMetadata.of("withdraw-1").withCorrelationId("assignment-7");

        CommandResult<AccountEvent> first = accounts.handle(account, new Withdraw(50), withdrawal);
        CommandResult<AccountEvent> again = accounts.handle(account, new Withdraw(50), withdrawal);

        assertThat(first).isEqualTo(new CommandResult.Rejected<>("insufficient-funds", "balance 10 is below 50")).isEqualTo(again);
        assertThat(store.readStream(account)).hasSize(1);
        assertThat(rejections()).singleElement().satisfies(event -> {
            assertThat(event.stream()).isEqualTo(StreamId.of("command.rejections-account-ada"))
                    .isEqualTo(CommandRejection.streamOf(account));
            assertThat(event.type()).isEqualTo(CommandRejection.TYPE);
            assertThat(event.metadata().correlationId()).isEqualTo("assignment-7");
            assertThat(CommandRejection.from(event)).isEqualTo(new CommandRejection("withdraw-1", "account-ada", "Withdraw",
                    "insufficient-funds", "balance 10 is below 50"));
        });
        assertThat(accounts.handle(account, new Withdraw(5), CommandMetadata.of("withdraw-2")))
                .isInstanceOf(CommandResult.Accepted.class);
        assertThat(rejections()).hasSize(1);
        assertThat(accounts.load(account).state().balance()).isEqualTo(5);
    }

    @Test
    void withoutTheOptionNothingIsRecorded() {
        assertThat(handler(false).handle(account, new Withdraw(50))).isInstanceOf(CommandResult.Rejected.class);
        assertThat(rejections()).isEmpty();
        assertThat(store.head()).isEqualTo(Position.START);
    }

    @Test
    void aReadModelShowsWhyEachCommandFailed() throws Exception {
        CommandHandler<AccountCommand, Account, AccountEvent> accounts = handler(true);
        accounts.handle(account, new Withdraw(50), CommandMetadata.of("withdraw-1"));
        accounts.handle(StreamId.of("account", "bob"), new Deposit(-3), CommandMetadata.of("deposit-9"));
        Map<String, String> whyFailed = new ConcurrentHashMap<>();
        try (ProjectionRunner runner = ProjectionRunner.builder(store).build()) {
            RunningProjection view = runner.start(Projection.builder("why-failed")
                    .categories(CommandRejection.CATEGORY).handles(CommandRejection.TYPE)
                    .handler((context, event) -> {
                        CommandRejection rejection = CommandRejection.from(event);
                        whyFailed.put(rejection.commandId(), rejection.code() + ": " + rejection.reason());
                    }).build(), new InMemoryCheckpointStore());
            assertThat(view.awaitCheckpoint(store.head(), Duration.ofSeconds(10))).isTrue();
        }
        assertThat(whyFailed).containsExactlyInAnyOrderEntriesOf(Map.of(
                "withdraw-1", "insufficient-funds: balance 0 is below 50",
                "deposit-9", "invalid-amount: deposit -3 is not positive"));
    }
}

package dev.vellum.decider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.Accounts.Account;
import dev.vellum.decider.Accounts.AccountCommand;
import dev.vellum.decider.Accounts.AccountEvent;
import dev.vellum.decider.Accounts.Deposit;
import dev.vellum.decider.Accounts.Withdraw;
import dev.vellum.retry.Retries;
import dev.vellum.serde.EventTypes;
import dev.vellum.snapshot.SnapshotPolicy;
import dev.vellum.snapshot.SnapshotStore;
import dev.vellum.snapshot.StateFormat;
import dev.vellum.snapshot.memory.InMemorySnapshotStore;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.time.Backoff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example of the "Deciders and command handling" section of vellum-core/README.md: it runs,
 * and the README shows exactly the marked lines, without their common indentation.
 */
class ReadmeExampleTest {

    @Test
    void theExampleRuns() {
        EventStore store = new InMemoryEventStore();
        EventTypes types = Accounts.TYPES;
        SnapshotStore snapshots = new InMemorySnapshotStore();
        Decider<AccountCommand, Account, AccountEvent> accounts = Accounts.DECIDER;
        // README:start
        CommandHandler<AccountCommand, Account, AccountEvent> handler = CommandHandler
                .builder(store, types, AccountEvent.class, accounts)          // one per aggregate type; thread-safe
                .retries(new Retries(21, new Backoff(Duration.ofMillis(1), Duration.ofMillis(100)))) // default 11 attempts
                .snapshots(snapshots, SnapshotPolicy.every(100), StateFormat.json("account", 1, Account.class))
                .build();

        StreamId account = StreamId.of("account", "ada");
        handler.handle(account, new Deposit(50));                              // a random command id
        CommandMetadata atm = CommandMetadata.of("atm-4711").withCorrelationId("session-9");
        String answer = switch (handler.handle(account, new Withdraw(80), atm)) {
            case CommandResult.Accepted<AccountEvent> a -> "paid out; account at revision " + a.revision();
            case CommandResult.Rejected<AccountEvent> r -> "refused: " + r.code() + " (" + r.reason() + ")";
        };
        // answer: refused: insufficient-funds (balance 50 is below 80)

        AggregateState<Account> now = handler.load(account);
        AggregateState<Account> then = handler.loadAsOf(account, 0);            // right after revision 0
        AggregateState<Account> before = handler.loadAsOf(account, Instant.parse("2020-01-01T00:00:00Z"));
        // README:end
        assertThat(answer).isEqualTo("refused: insufficient-funds (balance 50 is below 80)");
        assertThat(now.state()).isEqualTo(new Account(50, 1));
        assertThat(then).isEqualTo(now);
        assertThat(before.state()).isEqualTo(Account.NONE);
        store.close();
    }

    @Test
    void theReadmeShowsThisCode() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int marker = readme.indexOf("DECIDER-EXAMPLE");
        int start = readme.indexOf("```java\n", marker) + "```java\n".length();
        assertThat(readme.substring(start, readme.indexOf("```", start))).isEqualTo(markedCode());
    }

    private static String markedCode() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/vellum/decider/ReadmeExampleTest.java"));
        List<String> marked = new ArrayList<>(lines.subList(lines.indexOf("        // README:start") + 1,
                lines.indexOf("        // README:end")));
        StringBuilder code = new StringBuilder();
        for (String line : marked) {
            code.append(line.isBlank() ? "" : line.substring(8)).append('\n');
        }
        return code.toString();
    }
}

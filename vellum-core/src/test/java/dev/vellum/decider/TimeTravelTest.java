package dev.vellum.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.decider.Accounts.Account;
import dev.vellum.decider.Accounts.AccountCommand;
import dev.vellum.decider.Accounts.AccountEvent;
import dev.vellum.decider.Accounts.Deposit;
import dev.vellum.store.Deletion;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import dev.vellum.store.memory.InMemoryEventStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeTravelTest {

    /** A clock the test moves by hand, so events get known timestamps. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2025-03-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final EventStore store = new InMemoryEventStore(clock);
    private final StreamId account = StreamId.of("account", 1);
    private final CommandHandler<AccountCommand, Account, AccountEvent> accounts =
            CommandHandler.builder(store, Accounts.TYPES, AccountEvent.class, Accounts.DECIDER).build();

    @AfterEach
    void close() {
        store.close();
    }

    /** Deposits 1, 2, 3, ... one minute apart, starting at 10:00. */
    private void depositEveryMinute(int count) {
        for (int i = 1; i <= count; i++) {
            accounts.handle(account, new Deposit(i));
            clock.advance(Duration.ofMinutes(1));
        }
    }

    @Test
    void theStateAsOfEachRevisionIsTheFoldOfItsPrefix() {
        depositEveryMinute(5);
        for (int revision = 0; revision < 5; revision++) {
            int n = revision + 1;
            assertThat(accounts.loadAsOf(account, revision))
                    .isEqualTo(new AggregateState<>(account, new Account(n * (n + 1) / 2, n), revision, Position.of(n)));
        }
        assertThat(accounts.loadAsOf(account, 4)).isEqualTo(accounts.load(account));
    }

    @Test
    void aRevisionTheStreamDoesNotShowIsATypedError() {
        assertThatThrownBy(() -> accounts.loadAsOf(account, 0)).isInstanceOf(RevisionNotFoundException.class)
                .hasMessageContaining("no readable revision 0");
        depositEveryMinute(3);
        assertThatThrownBy(() -> accounts.loadAsOf(account, 3)).isInstanceOf(RevisionNotFoundException.class)
                .hasMessageContaining("the last readable revision up to it is 2");
        store.delete(account, ExpectedRevision.exactly(2), Deletion.truncateBefore(2));
        assertThatThrownBy(() -> accounts.loadAsOf(account, 1)).isInstanceOf(RevisionNotFoundException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> accounts.loadAsOf(account, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStateAsOfAPointInTimeHoldsTheEventsRecordedUpToIt() {
        Instant start = clock.instant();
        depositEveryMinute(4);

        assertThat(accounts.loadAsOf(account, start.minusMillis(1)))
                .isEqualTo(new AggregateState<>(account, Account.NONE, -1, Position.START));
        assertThat(accounts.loadAsOf(account, start).state()).isEqualTo(new Account(1, 1));
        assertThat(accounts.loadAsOf(account, start.plusSeconds(150)).state()).isEqualTo(new Account(6, 3));
        assertThat(accounts.loadAsOf(account, start.plus(Duration.ofDays(1)))).isEqualTo(accounts.load(account));
        assertThat(accounts.loadAsOf(StreamId.of("account", 99), start).state()).isEqualTo(Account.NONE);
    }
}

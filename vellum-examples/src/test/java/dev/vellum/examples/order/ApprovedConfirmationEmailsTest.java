package dev.vellum.examples.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.reactor.PendingEffect;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.EventData;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.Position;
import dev.vellum.store.ReadDirection;
import dev.vellum.store.StreamId;
import dev.vellum.time.VellumClock;
import dev.vellum.timer.sql.SqlTimerStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The confirmation emails held for a person's approval: nothing is sent until one is approved. */
class ApprovedConfirmationEmailsTest {

    @TempDir
    Path dir;

    @Test
    void anEmailWaitsForApprovalThenIsSentOnceAndRecorded() throws Exception {
        FakeMailer mailer = new FakeMailer();
        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("events.db"));
                SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read.db"));
                RunningReactor emails = ConfirmationEmails.reactorNeedingApproval(mailer, VellumClock.system(),
                        Duration.ofMillis(10)).start(store, readModel, new SqlTimerStore(readModel))) {
            Position placed = store.append(StreamId.of("order-a1"), ExpectedRevision.noStream(), EventData.of("OrderPlaced",
                    "{\"orderId\":\"a1\",\"customer\":\"ada@example.com\",\"amount\":12.50,\"currency\":\"EUR\"}"))
                    .position();
            assertThat(emails.awaitCheckpoint(placed, Duration.ofSeconds(10))).isTrue();
            await(() -> emails.pendingEffects().size() == 1);
            PendingEffect held = emails.pendingEffects().getFirst();
            assertThat(held.awaitingApproval()).isTrue();
            assertThat(emails.name()).isEqualTo("reactor.approved-confirmation-email");
            assertThat(mailer.calls).as("nothing sent before the approval").isEmpty();

            emails.approveEffect(held.key());
            await(() -> emails.pendingEffects().isEmpty());
            assertThat(mailer.calls).containsExactly(held.key());
            assertThat(store.readStream(ConfirmationEmails.outcomeStream("a1"), ReadDirection.FORWARDS, 0, 10))
                    .extracting(e -> e.type()).containsExactly("ConfirmationEmailSent");
        }
    }

    @Test
    void fromTheStartAnOrderPlacedBeforeTheReactorStartedWaitsForApprovalToo() throws Exception {
        FakeMailer mailer = new FakeMailer();
        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("events.db"));
                SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read.db"))) {
            Position placed = store.append(StreamId.of("order-b1"), ExpectedRevision.noStream(), EventData.of("OrderPlaced",
                    "{\"orderId\":\"b1\",\"customer\":\"bo@example.com\",\"amount\":3,\"currency\":\"EUR\"}"))
                    .position();
            try (RunningReactor atHead = ConfirmationEmails.reactorNeedingApproval(mailer, VellumClock.system(),
                    Duration.ofMillis(10)).start(store, readModel, new SqlTimerStore(readModel))) {
                assertThat(atHead.awaitCheckpoint(placed, Duration.ofSeconds(10))).isTrue();
                assertThat(atHead.pendingEffects()).as("from the head, history gets no email").isEmpty();
            }
            try (SqliteReadModel fresh = SqliteReadModel.open(dir.resolve("fresh.db"));
                    RunningReactor fromStart = ConfirmationEmails.reactorNeedingApprovalFromStart(mailer,
                            VellumClock.system(), Duration.ofMillis(10)).start(store, fresh, new SqlTimerStore(fresh))) {
                await(() -> fromStart.pendingEffects().size() == 1);
                assertThat(fromStart.pendingEffects().getFirst().awaitingApproval()).isTrue();
                assertThat(mailer.calls).as("nothing sent before the approval").isEmpty();
            }
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited too long").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}

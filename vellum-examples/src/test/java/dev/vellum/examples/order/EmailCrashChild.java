package dev.vellum.examples.order;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.projection.CheckpointStore;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.reactor.RunningReactor;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.StreamId;
import dev.vellum.time.VellumClock;
import dev.vellum.timer.sql.SqlTimerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The process {@link ConfirmationEmailKillTest} kills: it places orders without pause while the
 * confirmation-email reactor runs, with a mail server that writes every call to a file (forced to
 * disk before it "sends"), is slow, and fails one call in five. Arguments: the directory, a round name.
 */
public final class EmailCrashChild {

    private EmailCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String round = args[1];
        try (FileChannel calls = FileChannel.open(dir.resolve("mail-calls.log"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             SqliteEventStore store = SqliteEventStore.open(dir.resolve("events.db"));
             SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read.db"))) {
            ConfirmationEmails.Mailer mailer = (to, subject, body, key) -> {
                write(calls, "CALL " + key + "\n");
                Thread.sleep(ThreadLocalRandom.current().nextInt(5));
                if (ThreadLocalRandom.current().nextInt(5) == 0) {
                    throw new IllegalStateException("the mail server is flaky");
                }
                return "msg";
            };
            CheckpointStore<SqlContext> checkpoints = readModel;
            try (RunningReactor emails = ConfirmationEmails.reactor(mailer, VellumClock.system(), Duration.ofMillis(10))
                    .start(store, checkpoints, new SqlTimerStore(readModel))) {
                CommandHandler<OrderCommand, Order, OrderEvent> orders = CommandHandler
                        .builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build();
                for (int i = 0; ; i++) {
                    String id = round + "-" + i;
                    CommandResult<OrderEvent> placed = orders.handle(StreamId.of("order", id),
                            new OrderCommand.PlaceOrder(id, id + "@example.com", BigDecimal.TEN, "EUR"),
                            CommandMetadata.of("place-" + id));
                    System.out.println("PLACED " + id + " " + (placed instanceof CommandResult.Accepted<?>) + " END");
                    Thread.sleep(ThreadLocalRandom.current().nextInt(10));
                }
            }
        }
    }

    private static void write(FileChannel channel, String line) {
        try {
            synchronized (channel) {
                channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.vellum.examples.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.sqlite.projection.SqliteReadModel;
import dev.vellum.store.RecordedEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfirmationEmailDemoTest {

    @TempDir
    Path dir;

    @Test
    void twoOrdersGetOneRecordedEmailEachAfterARetryAndTheReplaySendsNone() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ConfirmationEmailDemo.Summary summary;
        try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("events.db"));
             SqliteReadModel readModel = SqliteReadModel.open(dir.resolve("read.db"))) {
            summary = ConfirmationEmailDemo.run(store, readModel, new PrintStream(printed, true, StandardCharsets.UTF_8));
        }

        assertThat(summary.outcomes()).extracting(RecordedEvent::type)
                .containsExactly("ConfirmationEmailSent", "ConfirmationEmailSent");
        assertThat(summary.outcomes()).extracting(e -> e.stream().value())
                .containsExactlyInAnyOrder("confirmationemail-mail-1", "confirmationemail-mail-2");
        assertThat(summary.mailerCalls()).isEqualTo(3);
        assertThat(summary.sentAgainOnReplay()).isZero();
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("order mail-3 rejected (invalid-amount)", "timed out",
                "recorded ConfirmationEmailSent", "0 emails sent again");
    }
}

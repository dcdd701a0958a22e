package dev.vellum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void theDemoRunsTwiceInTheSameDirectoryAndPrintsItsSummary() {
        for (int run = 0; run < 2; run++) {
            String out = capture(() -> assertThat(VellumDemoCli.run("demo", "--data-dir", dir.toString(), "--orders", "6"))
                    .isZero());
            assertThat(out)
                    .contains("Data directory: " + dir.toAbsolutePath())
                    .contains("Summary: 6 orders placed, 3 confirmed, 1 rejected (already-confirmed), 9 events in the log, 9 seen live")
                    .contains("Accepted: confirm o1 -> Accepted[").contains("Rejected: confirm o1 again -> already-confirmed")
                    .contains("Projection 'order-summary' caught up to position 9")
                    .contains("6 orders, 3 confirmed")
                    .contains("order mail-3 rejected (invalid-amount): no event, so no email")
                    .contains("recorded ConfirmationEmailSent in confirmationemail-mail-1")
                    .contains("recorded ConfirmationEmailSent in confirmationemail-mail-2")
                    .contains("0 emails sent again, 2 outcomes recorded in all")
                    .contains("Projection 'order-revenue' parked the event at position 14 (OrderPlaced order-gbp-1): ")
                    .contains("No exchange rate for GBP in " + dir.resolve("exchange-rates.properties").toAbsolutePath()
                            + ": add a line GBP=<euros per GBP> (GBP=1.17, say)")
                    .contains("and retried it: 0 parked, 174.07 EUR of revenue in the read model")
                    .contains("Process 'orderreminder': 9 instances (one per order), 3 reminders cancelled by a "
                            + "confirmation, 6 due 120 s after their order")
                    .containsPattern("reminder for order o2 due at 20\\d\\d-");
        }
        assertThat(dir.resolve("vellum.db")).exists();
        assertThat(dir.resolve("read-models.db")).exists();
    }

    @Test
    void badOptionsExitNonZero() {
        String out = capture(() -> assertThat(VellumDemoCli.run("demo", "--orders", "many")).isNotZero());
        assertThat(out).isEmpty();
    }

    private static String capture(Runnable body) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

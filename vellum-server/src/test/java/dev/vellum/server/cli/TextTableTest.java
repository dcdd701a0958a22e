package dev.vellum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

    private static List<String> printed(TextTable table) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            table.print();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aNameLongerThanUsualWidensItsColumnAndEveryRowStaysInLine() {
        TextTable table = new TextTable("WORKER", "STATE", "LAG>", "LAST ERROR");
        table.row("projection.order-summary-with-a-long-name.v2.rebuild", "CATCHING_UP", 12_345, "");
        table.row("reactor.email", "LIVE", 0, "java.lang.IllegalStateException: down");

        List<String> lines = printed(table);

        int state = lines.get(0).indexOf("STATE");
        assertThat(lines.get(1).indexOf("CATCHING_UP")).isEqualTo(state);
        assertThat(lines.get(2).indexOf("LIVE")).isEqualTo(state);
        int lagEnd = lines.get(0).indexOf("LAG") + "LAG".length(); // numbers are right-aligned, the header too
        assertThat(lines.get(1).indexOf("12345") + "12345".length()).isEqualTo(lagEnd);
        assertThat(lines.get(2).indexOf(" 0  java") + " 0".length()).isEqualTo(lagEnd);
        assertThat(lines.get(2)).endsWith("  java.lang.IllegalStateException: down");
        assertThat(lines.get(1)).endsWith("12345");
    }

    @Test
    void storedTextCannotMoveTheCursor() {
        TextTable table = new TextTable("STREAM", "STATUS");
        table.row("order-\u001b[2J1", "active");

        assertThat(printed(table).get(1)).doesNotContain("\u001b").startsWith("order-?[2J1");
    }
}

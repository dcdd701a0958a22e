package dev.vellum.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vellum workers}: the status table of a running server's workers. */
@Command(name = "workers", mixinStandardHelpOptions = true, description = "Shows the status of a running server's workers.")
final class WorkersCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Override
    public Integer call() {
        return Cli.run(() -> api.show("/api/workers", page -> {
            TextTable table = new TextTable("WORKER", "KIND", "STATE", "CHECKPOINT>", "LAG>", "LAG S>", "PARKED>",
                    "EFFECTS>", "TIMERS>", "LAST ERROR");
            for (JsonNode w : page.get("workers")) {
                JsonNode error = w.get("lastError");
                table.row(w.get("name").asText(), w.get("kind").asText(), w.get("state").asText(),
                        w.get("checkpoint").asLong(), w.get("lagEvents").asLong(),
                        String.format(Locale.ROOT, "%.1f", w.get("lagSeconds").asDouble()),
                        w.get("parkedEvents").asLong(), w.get("pendingEffects").asLong(), w.get("dueTimers").asLong(),
                        error.isNull() ? "" : error.get("type").asText() + ": " + error.get("message").asText());
            }
            table.print();
        }));
    }
}

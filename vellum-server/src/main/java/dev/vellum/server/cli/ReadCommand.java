package dev.vellum.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vellum read STREAM}: a page of one stream's events from a running server. */
@Command(name = "read", mixinStandardHelpOptions = true, description = "Reads a stream of a running server.")
final class ReadCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "The stream, e.g. order-42.")
    String stream;

    @Option(names = "--backwards", description = "From the newest event back.")
    boolean backwards;

    @Option(names = "--from", description = "The first revision read (default: the first, or the last backwards).")
    Long from;

    @Option(names = "--limit", defaultValue = "100", description = "How many at most, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        return Cli.run(() -> api.show("/api/streams/" + ApiOptions.segment(stream) + "?direction="
                + (backwards ? "backwards" : "forwards") + (from == null ? "" : "&from=" + from) + "&limit=" + limit, page -> {
            for (JsonNode event : page.get("events")) {
                System.out.println(ApiOptions.line(event, false));
            }
            if (!page.get("next").isNull()) {
                System.out.println("(more: --from " + page.get("next").asLong() + ")");
            }
        }));
    }
}

package dev.vellum.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vellum streams}: the streams of a running server, by name, with a prefix search. */
@Command(name = "streams", mixinStandardHelpOptions = true, description = "Lists the streams of a running server.")
final class StreamsCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Option(names = "--prefix", defaultValue = "", description = "Only names starting with this.")
    String prefix;

    @Option(names = "--after", defaultValue = "", description = "Only names after this one (a previous page's last).")
    String after;

    @Option(names = "--limit", defaultValue = "100", description = "How many at most, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        return Cli.run(() -> api.show("/api/streams?prefix=" + ApiOptions.query(prefix) + "&after="
                + ApiOptions.query(after) + "&limit=" + limit, page -> {
            TextTable table = new TextTable("STREAM", "EVENTS>", "LAST REVISION>", "STATUS");
            for (JsonNode s : page.get("streams")) {
                table.row(s.get("name").asText(), s.get("events").asLong(), s.get("lastRevision").asLong(),
                        s.get("status").asText());
            }
            table.print();
            if (!page.get("next").isNull()) {
                System.out.println(ApiOptions.printable("(more: --after '" + page.get("next").asText() + "')"));
            }
        }));
    }
}

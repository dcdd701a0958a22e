package dev.vellum.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vellum tail}: follows the log of a running server, as it is appended to. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Follows the log of a running server: new events as they are appended (or from --after).")
final class TailCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Option(names = "--after", description = "Start after this position (default: the head, so only new events).")
    Long after;

    @Option(names = "--category", description = "Only events of this stream category (repeatable).")
    List<String> categories = new ArrayList<>();

    @Option(names = "--type", description = "Only events of this type (repeatable).")
    List<String> types = new ArrayList<>();

    @Option(names = "--count", description = "Stop after this many events (default: follow until stopped).")
    Long count;

    @Override
    public Integer call() {
        return Cli.run(() -> {
            StringBuilder query = new StringBuilder("?");
            if (after != null) {
                query.append("after=").append(after).append('&');
            }
            categories.forEach(c -> query.append("category=").append(ApiOptions.query(c)).append('&'));
            types.forEach(t -> query.append("type=").append(ApiOptions.query(t)).append('&'));
            try (BufferedReader feed = new BufferedReader(new InputStreamReader(
                    api.events("/api/log/live" + query), StandardCharsets.UTF_8))) {
                long seen = 0;
                String line;
                while ((count == null || seen < count) && (line = feed.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        String data = line.substring(5).strip();
                        System.out.println(api.json ? data : ApiOptions.line(ApiOptions.JSON.readTree(data), true));
                        System.out.flush();
                        seen++;
                    }
                }
            } catch (IOException e) {
                throw new ApiOptions.ApiException("The live feed from " + api.url + " broke off (" + e.getMessage()
                        + "): the server stopped or the connection was lost; run tail again with --after the last "
                        + "position printed to miss nothing.");
            }
        });
    }
}

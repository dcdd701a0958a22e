package dev.vellum.spring.sample.startup;

import dev.vellum.spring.sample.OrderApplication;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts an application once in this fresh JVM, answers one request, prints how long the JVM took to
 * get there (wall time since the JVM started, and the CPU time the process used), and stops: {@code plain} ({@link PlainApplication}) or {@code sample} (the order sample).
 * Run by {@code startup-bench.sh} (see vellum-bench/README.md, issue 15), never by the test suite.
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    /** {@code args[0]}: plain or sample; the rest goes to Spring ({@code --key=value}). */
    public static void main(String[] args) throws Exception {
        Class<?> app = switch (args[0]) {
            case "plain" -> PlainApplication.class;
            case "sample" -> OrderApplication.class;
            default -> throw new IllegalArgumentException("plain or sample, not " + args[0]);
        };
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        ConfigurableApplicationContext context = SpringApplication.run(app, rest);
        String port = context.getEnvironment().getProperty("local.server.port");
        HttpResponse<Void> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.discarding());
        long ready = ManagementFactory.getRuntimeMXBean().getUptime();
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        System.out.println("STARTUP " + args[0] + " ready_ms=" + ready + " cpu_ms=" + cpu + " health=" + answer.statusCode()
                + " beans=" + context.getBeanDefinitionCount());
        context.close();
    }
}

package dev.vellum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vellum.decider.CommandHandler;
import dev.vellum.examples.order.Order;
import dev.vellum.examples.order.OrderCommand;
import dev.vellum.examples.order.OrderEvent;
import dev.vellum.server.CommandEndpoint;
import dev.vellum.spring.boot.autoconfigure.VellumAutoConfiguration;
import dev.vellum.spring.boot.autoconfigure.VellumMetricsAutoConfiguration;
import dev.vellum.spring.boot.autoconfigure.VellumServerAutoConfiguration;
import dev.vellum.store.EventStore;
import dev.vellum.store.StreamId;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;

/**
 * One command handler has one name: the {@code aggregate} tag of its meters in Boot's registry is the
 * name the mounted server lists it under in {@code /api/commands} (the {@code CommandEndpoint}'s), and
 * a handler without an endpoint keeps its bean's name ({@code UnusedFeaturesTest}).
 */
class CommandHandlerNamesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VellumAutoConfiguration.class, VellumMetricsAutoConfiguration.class,
                        VellumServerAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(Authentication.class))
                .withUserConfiguration(TestBeans.Meters.class)
                .withPropertyValues("vellum.sqlite.path=" + dir.resolve("vellum.db"), "vellum.server.port=0");
    }

    @Test
    void theMetersAndTheMountedServersCommandListNameAHandlerAlike() {
        runner().withUserConfiguration(TestBeans.Orders.class, OrderEndpoint.class)
                .withPropertyValues("vellum.server.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    handle(context.getBean("orders", CommandHandler.class), "n1");

                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    Set<String> metered = registry.find("vellum.command.handler.answers").meters().stream()
                            .map(m -> m.getId().getTag("aggregate")).collect(Collectors.toSet());
                    JsonNode aggregates = commands(context.getBean(MountedVellumServer.class)).get("aggregates");
                    List<String> listed = aggregates.findValuesAsText("name");
                    assertThat(listed).containsExactly("order");
                    assertThat(metered).containsExactlyInAnyOrderElementsOf(listed);

                    FunctionCounter accepted = registry.find("vellum.command.handler.answers").tag("aggregate", "order")
                            .tag("outcome", "accepted").functionCounter();
                    assertThat(accepted.count()).isEqualTo(1.0)
                            .isEqualTo(aggregates.get(0).get("answers").get("accepted").asDouble());
                });
    }

    @Test
    void aHandlerThatOnlyAnEndpointHoldsIsMeteredUnderTheEndpointsName() {
        runner().withUserConfiguration(EndpointOnly.class).run(context -> {
            assertThat(context).hasNotFailed();
            handle(context.getBean(CommandEndpoint.class).handler(), "n2");
            FunctionCounter accepted = context.getBean(MeterRegistry.class).find("vellum.command.handler.answers")
                    .tag("aggregate", "basket").tag("outcome", "accepted").functionCounter();
            assertThat(accepted).isNotNull();
            assertThat(accepted.count()).isEqualTo(1.0);
        });
    }

    @Test
    void oneHandlerServedUnderTwoNamesIsRefused() {
        runner().withUserConfiguration(TestBeans.Orders.class, OrderEndpoint.class, SecondOrderEndpoint.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(VellumConfigurationException.class)
                    .hasMessageContaining("'order'").hasMessageContaining("'purchase'");
        });
    }

    @SuppressWarnings("unchecked")
    private static void handle(CommandHandler<?, ?, ?> handler, String id) {
        ((CommandHandler<OrderCommand, Order, OrderEvent>) handler).handle(StreamId.of("order", id),
                new OrderCommand.PlaceOrder(id, "ann@example.com", new BigDecimal("10.00"), "EUR"));
    }

    private static JsonNode commands(MountedVellumServer server) throws Exception {
        URI login = server.loginUrl().orElseThrow();
        String token = login.getQuery().substring("token=".length());
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.url().orElseThrow().resolve("/api/commands")).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static CommandEndpoint<OrderCommand, Order, OrderEvent> endpoint(String aggregate,
            CommandHandler<OrderCommand, Order, OrderEvent> handler) {
        return CommandEndpoint.builder(aggregate, handler, Order.DECIDER, OrderEvent.TYPES)
                .command("PlaceOrder", OrderCommand.PlaceOrder.class).build();
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderEndpoint {
        @Bean
        CommandEndpoint<OrderCommand, Order, OrderEvent> orderEndpoint(CommandHandler<OrderCommand, Order, OrderEvent> orders) {
            return endpoint("order", orders);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SecondOrderEndpoint {
        @Bean
        CommandEndpoint<OrderCommand, Order, OrderEvent> purchaseEndpoint(CommandHandler<OrderCommand, Order, OrderEvent> orders) {
            return endpoint("purchase", orders);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EndpointOnly {
        @Bean
        CommandEndpoint<OrderCommand, Order, OrderEvent> basketEndpoint(EventStore store) {
            return endpoint("basket", CommandHandler.builder(store, OrderEvent.TYPES, OrderEvent.class, Order.DECIDER).build());
        }
    }
}

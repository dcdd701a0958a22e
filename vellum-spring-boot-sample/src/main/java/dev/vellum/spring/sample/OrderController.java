package dev.vellum.spring.sample;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.decider.CommandResult;
import dev.vellum.examples.order.Order;
import dev.vellum.examples.order.OrderCommand;
import dev.vellum.examples.order.OrderEvent;
import dev.vellum.examples.order.OrderSummary;
import dev.vellum.projection.RunningProjection;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.spring.boot.VellumWorkers;
import dev.vellum.store.Position;
import dev.vellum.store.StreamId;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orders over HTTP: each command answers with its result (201 accepted with the events, the stream's
 * revision and the log position; 409 rejected with a code and reason); the summary is read from the
 * read model, after waiting for the projection to reach a command's position when asked
 * ({@code ?after=<position>}, 202 "loading" if it has not within two seconds).
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

    private static final Duration READ_YOUR_WRITES = Duration.ofSeconds(2);

    private final CommandHandler<OrderCommand, Order, OrderEvent> orders;
    private final SqlReadModel readModel;
    private final VellumWorkers workers;

    /**
     * A place order request.
     *
     * @param orderId the order
     * @param customer who orders (the email goes there)
     * @param amount the total
     * @param currency ISO 4217 code
     */
    public record PlaceOrderRequest(String orderId, String customer, BigDecimal amount, String currency) {
    }

    /** Over the order aggregate's handler and the read models. */
    public OrderController(CommandHandler<OrderCommand, Order, OrderEvent> orders, SqlReadModel readModel,
            VellumWorkers workers) {
        this.orders = orders;
        this.readModel = readModel;
        this.workers = workers;
    }

    /** Places an order; a request sent again with the same {@code Idempotency-Key} answers as the first. */
    @PostMapping
    public ResponseEntity<Map<String, Object>> place(@RequestBody PlaceOrderRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        if (blank(request.orderId()) || blank(request.customer()) || request.amount() == null || blank(request.currency())) {
            return ResponseEntity.badRequest().body(Map.of("status", "invalid",
                    "reason", "orderId, customer, amount and currency are required"));
        }
        return answer(orders.handle(StreamId.of("order", request.orderId()), new OrderCommand.PlaceOrder(
                request.orderId(), request.customer(), request.amount(), request.currency()), metadata(key)));
    }

    /** Confirms a placed order. */
    @PostMapping("/{orderId}/confirm")
    public ResponseEntity<Map<String, Object>> confirm(@PathVariable String orderId,
            @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        return answer(orders.handle(StreamId.of("order", orderId), new OrderCommand.ConfirmOrder(orderId, Instant.now()),
                metadata(key)));
    }

    /** The order's summary row; with {@code after}, once the projection has reached that position. */
    @GetMapping("/{orderId}")
    public ResponseEntity<Object> summary(@PathVariable String orderId,
            @RequestParam(name = "after", required = false) Long after) throws SQLException, InterruptedException {
        if (after != null) {
            Optional<RunningProjection> projection = workers.projection(OrderSummary.NAME);
            if (projection.isEmpty() || !projection.get().awaitCheckpoint(Position.of(after), READ_YOUR_WRITES)) {
                return ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(Map.of("status", "loading", "reason", "the order summary has not caught up yet; try again"));
            }
        }
        try (Connection reader = readModel.openReader()) {
            return OrderSummary.query(reader).stream().filter(row -> row.orderId().equals(orderId)).findFirst()
                    .<ResponseEntity<Object>>map(ResponseEntity::ok)
                    .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                            .body(Map.of("status", "not-found", "reason", "no order " + orderId + " in the summary")));
        }
    }

    private static ResponseEntity<Map<String, Object>> answer(CommandResult<OrderEvent> result) {
        Map<String, Object> body = new LinkedHashMap<>();
        return switch (result) {
            case CommandResult.Accepted<OrderEvent> accepted -> {
                body.put("status", "accepted");
                body.put("events", accepted.events().stream().map(e -> e.getClass().getSimpleName()).toList());
                body.put("revision", accepted.revision());
                body.put("position", accepted.position().value());
                yield ResponseEntity.status(HttpStatus.CREATED).body(body);
            }
            case CommandResult.Rejected<OrderEvent> rejected -> {
                body.put("status", "rejected");
                body.put("code", rejected.code());
                body.put("reason", rejected.reason());
                yield ResponseEntity.status(HttpStatus.CONFLICT).body(body);
            }
        };
    }

    private static CommandMetadata metadata(String key) {
        return blank(key) ? CommandMetadata.random() : CommandMetadata.of(key);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

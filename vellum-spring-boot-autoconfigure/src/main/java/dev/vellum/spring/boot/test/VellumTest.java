package dev.vellum.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Beside {@code @SpringBootTest}: runs the application's Vellum beans (command handlers, projections,
 * reactors, process managers) on a store of the test class's own, made for its context and deleted
 * when the context closes, with a {@code ManualClock} as the {@code VellumClock} bean, and a
 * {@link VellumTestKit} to inject. Leases are off; a PostgreSQL {@code DataSource} the application
 * has is left alone.
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = WebEnvironment.NONE)
 * @VellumTest
 * class OrderDomainTest {
 *     @Autowired CommandHandler<OrderCommand, Order, OrderEvent> orders;
 *     @Autowired VellumTestKit vellum;
 *
 *     @Test
 *     void placedOrdersGetAnEmail() {
 *         orders.handle(StreamId.of("order", "1"), new PlaceOrder(...));
 *         vellum.awaitIdle();            // projections, reactors, process managers caught up
 *         vellum.advance(Duration.ofMinutes(15));   // timers due by then fire now
 *     }
 * }
 * }</pre>
 *
 * <p>The application's reactors and process managers see the test clock only when they are built with
 * the injected {@code VellumClock} ({@code .clock(clock)}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface VellumTest {

    /** Where the events go. */
    enum TestStore {
        /** The embedded SQLite store, in a temporary directory: the same store as in production on SQLite. */
        SQLITE,
        /** The in-memory store, its events stamped by the test clock; read models in a temporary SQLite file. */
        MEMORY
    }

    /** The store the test's context runs on; SQLite in a temporary directory unless set. */
    TestStore store() default TestStore.SQLITE;

    /** Where the test clock starts, an ISO-8601 instant. */
    String clockStart() default "2026-01-01T00:00:00Z";
}

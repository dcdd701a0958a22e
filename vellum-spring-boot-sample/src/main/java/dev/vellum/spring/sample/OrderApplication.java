package dev.vellum.spring.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The order example as a Spring Boot application on the Vellum starter: orders placed and confirmed
 * over HTTP ({@link OrderController}), the order-summary projection, and the confirmation-email
 * reactor, all declared as beans in {@link OrderConfiguration}; the store is PostgreSQL when
 * {@code spring.datasource.url} is set, SQLite in {@code vellum.sqlite.path} otherwise.
 */
@SpringBootApplication
public class OrderApplication {

    /** Starts the application. */
    public static void main(String[] args) {
        SpringApplication.run(OrderApplication.class, args);
    }
}

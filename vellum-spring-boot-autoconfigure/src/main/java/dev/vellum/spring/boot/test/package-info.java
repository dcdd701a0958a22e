/**
 * Test support for applications on the starter: {@link dev.vellum.spring.boot.test.VellumTest} beside
 * {@code @SpringBootTest} runs the application's Vellum beans on a temporary store with a test clock,
 * and {@link dev.vellum.spring.boot.test.VellumTestKit} moves the clock and waits for the workers.
 * Needs {@code spring-test} on the test class path (as {@code spring-boot-starter-test} has it).
 */
package dev.vellum.spring.boot.test;

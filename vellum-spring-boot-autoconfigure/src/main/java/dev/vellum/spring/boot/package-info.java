/**
 * Vellum in Spring Boot: {@link dev.vellum.spring.boot.VellumProperties} ({@code vellum.*}),
 * {@link dev.vellum.spring.boot.VellumWorkers} (the workers' lifecycle),
 * {@link dev.vellum.spring.boot.VellumTransactions} (appends in {@code @Transactional} methods), and the
 * actuator's health and endpoint. The auto-configuration is in {@code dev.vellum.spring.boot.autoconfigure}.
 */
package dev.vellum.spring.boot;

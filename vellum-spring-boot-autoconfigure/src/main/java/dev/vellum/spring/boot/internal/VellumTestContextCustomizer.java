package dev.vellum.spring.boot.internal;

import dev.vellum.spring.boot.VellumConfigurationException;
import dev.vellum.spring.boot.test.VellumTest;
import dev.vellum.spring.boot.test.VellumTestKit;
import dev.vellum.time.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.FileSystemUtils;

/**
 * Puts a {@link VellumTest} class's context on a store of its own: a temporary directory (deleted once
 * the context's beans are destroyed) for the SQLite files, {@code vellum.*} properties ahead of the
 * application's, a primary {@link ManualClock} bean and a {@link VellumTestKit} bean. Equal only for
 * the same test class and settings, so each test class gets its own context and store.
 */
record VellumTestContextCustomizer(Class<?> testClass, VellumTest.TestStore store, String clockStart)
        implements ContextCustomizer {

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        Instant start;
        try {
            start = Instant.parse(clockStart);
        } catch (DateTimeParseException e) {
            throw new VellumConfigurationException("@VellumTest(clockStart = \"" + clockStart + "\") on "
                    + testClass.getName() + " is not an ISO-8601 instant: write it as 2026-01-01T00:00:00Z.", e);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("vellum-test-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make a temporary directory for the test's Vellum store", e);
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("vellumTest", Map.of(
                "vellum.store", store.name().toLowerCase(),
                "vellum.sqlite.path", dir.resolve("vellum.db").toString(),
                "vellum.sqlite.read-models-path", dir.resolve("read-models.db").toString(),
                "vellum.leases.enabled", "false")));
        DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
        // registered first, so destroyed last: after the store and read models closed their files
        beans.registerDisposableBean("vellumTestDirectory", () -> FileSystemUtils.deleteRecursively(dir));
        ManualClock clock = new ManualClock(start);
        RootBeanDefinition clockBean = new RootBeanDefinition(ManualClock.class, () -> clock);
        clockBean.setPrimary(true);
        beans.registerBeanDefinition("vellumTestClock", clockBean);
        RootBeanDefinition kit = new RootBeanDefinition(VellumTestKit.class);
        kit.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
        beans.registerBeanDefinition("vellumTestKit", kit);
    }
}

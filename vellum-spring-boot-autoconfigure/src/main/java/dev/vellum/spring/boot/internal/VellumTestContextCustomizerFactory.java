package dev.vellum.spring.boot.internal;

import dev.vellum.spring.boot.test.VellumTest;
import java.util.List;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * Registered in {@code META-INF/spring.factories} for Spring's test context: gives a test class
 * annotated {@link VellumTest} its {@link VellumTestContextCustomizer}.
 */
public final class VellumTestContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        VellumTest annotation = AnnotatedElementUtils.findMergedAnnotation(testClass, VellumTest.class);
        return annotation == null ? null : new VellumTestContextCustomizer(testClass, annotation.store(), annotation.clockStart());
    }
}

package dev.vellum.spring.sample.startup;

import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Boot application with no Vellum bean (one controller, the sample's starters): what {@link StartupProbe}
 * times with and without the Vellum starter on the class path. No component scan, so the sample's
 * configuration stays out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PlainApplication.Hello.class)
public class PlainApplication {

    /** Its one endpoint. */
    @RestController
    public static class Hello {
        /** A greeting. */
        @GetMapping("/hello")
        public Map<String, String> hello() {
            return Map.of("hello", "world");
        }
    }
}

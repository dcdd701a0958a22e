package dev.vellum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The configuration metadata IDEs complete from (the processor's output, merged with the additional
 * metadata file) describes every Vellum property, and names the same ones as the starter README's
 * property table, so neither can miss a property the other has.
 */
class ConfigurationMetadataTest {

    private static final Pattern README_ROW = Pattern.compile("^\\| `([a-z.-]+)` \\|");

    @Test
    void everyVellumPropertyIsDescribedAndInTheStarterReadme() throws IOException {
        Map<String, String> described = new TreeMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the generated metadata").isNotNull();
            for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
                String name = property.get("name").asText();
                if (name.startsWith("vellum.") || name.startsWith("management.health.vellum.")) {
                    described.put(name, property.path("description").asText(""));
                }
            }
        }
        TreeSet<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("../vellum-spring-boot-starter/README.md"))) {
            Matcher row = README_ROW.matcher(line);
            if (row.find()) {
                documented.add(row.group(1));
            }
        }

        assertThat(described).as("the starter's conditions read these too").containsKeys("vellum.server.enabled",
                "management.health.vellum.enabled");
        assertThat(described).allSatisfy((name, description) -> assertThat(description).as(name).isNotBlank());
        assertThat(described.keySet()).containsExactlyElementsOf(documented);
    }
}

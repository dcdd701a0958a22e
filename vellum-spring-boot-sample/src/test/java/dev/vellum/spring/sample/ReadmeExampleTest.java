package dev.vellum.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The starter README's example is the sample's {@code OrderConfiguration} (between its README
 * markers), which the other tests of this module boot and exercise: the README's java block after
 * its marker must equal those lines, so it cannot rot.
 */
class ReadmeExampleTest {

    @Test
    void theStarterReadmeShowsTheSamplesConfiguration() throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/main/java/dev/vellum/spring/sample/OrderConfiguration.java"));
        List<String> example = source.subList(source.indexOf("// README:start") + 1, source.indexOf("// README:end"));
        List<String> readme = Files.readAllLines(Path.of("../vellum-spring-boot-starter/README.md"));
        int marker = indexOfPrefix(readme, "<!-- README-EXAMPLE");
        assertThat(marker).as("the README's example marker").isNotNegative();
        assertThat(readme.get(marker + 1)).isEqualTo("```java");
        int end = readme.subList(marker + 2, readme.size()).indexOf("```") + marker + 2;
        assertThat(readme.subList(marker + 2, end)).isEqualTo(example);
    }

    private static int indexOfPrefix(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}

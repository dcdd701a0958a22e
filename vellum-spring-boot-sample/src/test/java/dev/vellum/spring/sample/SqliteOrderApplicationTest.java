package dev.vellum.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sqlite.SqliteEventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sample on the embedded SQLite store (profile {@code sqlite}: no DataSource), so the starter opens the file. */
@SpringBootTest(classes = OrderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "vellum.metrics.refresh=100ms")
@ActiveProfiles("sqlite")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SqliteOrderApplicationTest extends OrderApplicationTests {

    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("vellum-boot-sqlite");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) {
        registry.add("vellum.sqlite.path", () -> DIR.resolve("vellum.db").toString());
    }

    @Test
    void theStoreIsTheSqliteFileConfigured() {
        assertThat(store).isInstanceOf(SqliteEventStore.class);
        assertThat(DIR.resolve("vellum.db")).exists();
        assertThat(DIR.resolve("read-models.db")).exists();
    }
}

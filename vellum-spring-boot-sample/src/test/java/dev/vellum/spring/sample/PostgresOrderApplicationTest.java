package dev.vellum.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.postgres.PostgresEventStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sample on a real PostgreSQL (embedded binaries), through the DataSource Boot configures. */
@SpringBootTest(classes = OrderApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "vellum.metrics.refresh=100ms")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PostgresOrderApplicationTest extends OrderApplicationTests {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = TestPostgres.newDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @Test
    void theStoreIsPostgresOnTheApplicationsDataSource() {
        assertThat(store).isInstanceOf(PostgresEventStore.class);
    }
}

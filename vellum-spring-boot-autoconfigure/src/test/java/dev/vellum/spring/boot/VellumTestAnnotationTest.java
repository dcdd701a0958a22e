package dev.vellum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.projection.Projection;
import dev.vellum.projection.sql.SqlContext;
import dev.vellum.projection.sql.SqlReadModel;
import dev.vellum.spring.boot.test.VellumTest;
import dev.vellum.spring.boot.test.VellumTestKit;
import dev.vellum.sqlite.SqliteEventStore;
import dev.vellum.store.EventData;
import dev.vellum.store.EventStore;
import dev.vellum.store.ExpectedRevision;
import dev.vellum.store.StreamId;
import dev.vellum.time.ManualClock;
import dev.vellum.time.VellumClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link VellumTest} with its default store: the SQLite files in a temporary directory, whatever the
 * application configured, the test clock as the {@code VellumClock} bean, and the kit's wait for the
 * projections.
 */
@SpringBootTest(classes = VellumTestAnnotationTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "vellum.sqlite.path=must-not-be-used/vellum.db")
@VellumTest(clockStart = "2030-05-05T05:05:05Z")
class VellumTestAnnotationTest {

    @Autowired
    EventStore store;

    @Autowired
    SqlReadModel readModel;

    @Autowired
    VellumClock clock;

    @Autowired
    VellumTestKit vellum;

    @Value("${vellum.sqlite.path}")
    Path path;

    @Test
    void theApplicationRunsOnATemporarySqliteStoreWithTheTestClock() throws Exception {
        assertThat(store).isInstanceOf(SqliteEventStore.class);
        assertThat(path.toString()).doesNotContain("must-not-be-used").contains("vellum-test-");
        assertThat(path).exists();
        assertThat(Path.of("must-not-be-used")).doesNotExist();
        assertThat(clock).isInstanceOf(ManualClock.class).isSameAs(vellum.clock());
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-05-05T05:05:05Z"));

        store.append(StreamId.of("thing", 1), ExpectedRevision.noStream(), EventData.of("ThingHappened", "{}"));
        store.append(StreamId.of("other", 1), ExpectedRevision.noStream(), EventData.of("OtherHappened", "{}"));
        vellum.awaitIdle();
        try (Connection c = readModel.openReader(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM things")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
    static class App {
        @Bean
        Projection<SqlContext> things() {
            return Projection.builder("things", SqlContext.class).categories("thing")
                    .setup(sql -> sql.createTable("things", "(position INTEGER PRIMARY KEY)"))
                    .handler((sql, event) -> sql.update("INSERT INTO {things} (position) VALUES (?)",
                            event.position().value()))
                    .build();
        }
    }
}

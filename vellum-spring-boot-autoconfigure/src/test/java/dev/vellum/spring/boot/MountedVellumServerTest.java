package dev.vellum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.server.ServerConfigurationException;
import dev.vellum.spring.boot.autoconfigure.VellumAutoConfiguration;
import dev.vellum.spring.boot.autoconfigure.VellumServerAutoConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.core.Authentication;

/**
 * The Vellum server mounted by {@code vellum.server.enabled}: off unless asked for; with Spring Security
 * on the class path (it is on this test's) refused without users; without it, the server's own default
 * (an operator token, loopback only). The sample's {@code MountedServerTest} checks the roles over HTTP.
 */
class MountedVellumServerTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VellumAutoConfiguration.class, VellumServerAutoConfiguration.class))
                .withPropertyValues("vellum.sqlite.path=" + dir.resolve("vellum.db"), "vellum.server.port=0");
    }

    private ApplicationContextRunner withoutSpringSecurity() {
        return runner().withClassLoader(new FilteredClassLoader(Authentication.class));
    }

    @Test
    void noServerUnlessEnabled() {
        withoutSpringSecurity().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(MountedVellumServer.class);
        });
    }

    @Test
    void withSpringSecurityOnTheClassPathItIsRefusedWithoutUsers() {
        runner().withPropertyValues("vellum.server.enabled=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(VellumConfigurationException.class)
                    .hasMessageContaining("Spring Security").hasMessageContaining("vellum.server.users");
        });
    }

    @Test
    void withoutSpringSecurityAndUsersItServesOnLoopbackWithALoginToken() {
        withoutSpringSecurity().withPropertyValues("vellum.server.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            MountedVellumServer server = context.getBean(MountedVellumServer.class);
            URI url = server.url().orElseThrow();
            assertThat(url.getHost()).isEqualTo("127.0.0.1");
            String token = server.loginUrl().orElseThrow().getQuery().substring("token=".length());
            assertThat(get(url, "/api/workers", null)).isEqualTo(401);
            assertThat(get(url, "/api/workers", "Bearer " + token)).isEqualTo(200);
            assertThat(get(url, "/api/workers", "Bearer " + token.substring(1))).isEqualTo(401);
        });
    }

    @Test
    void anotherAddressThanLoopbackWithoutUsersIsRefused() {
        withoutSpringSecurity().withPropertyValues("vellum.server.enabled=true", "vellum.server.bind=0.0.0.0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ServerConfigurationException.class)
                    .hasMessageContaining("without authentication");
        });
    }

    @Test
    void theServerStopsWithTheContext() throws Exception {
        URI[] seen = new URI[1];
        withoutSpringSecurity().withPropertyValues("vellum.server.enabled=true").run(context -> {
            seen[0] = context.getBean(MountedVellumServer.class).url().orElseThrow();
            assertThat(get(seen[0], "/health", null)).isEqualTo(200);
        });
        try {
            get(seen[0], "/health", null);
            throw new AssertionError("the server still answers after the context closed");
        } catch (java.net.ConnectException expected) {
            // closed with the context
        }
    }

    private int get(URI base, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

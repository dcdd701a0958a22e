package dev.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.store.EventStore;
import dev.vellum.store.memory.InMemoryEventStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Appends over HTTP waiting for their commit hold no request thread: more of them than Jetty's pool
 * has threads (250) all reach the store, and the server still answers at once meanwhile.
 */
class AppendsAwaitingCommitTest {

    private static final int APPENDS = 300;

    @Test
    void moreAppendsThanRequestThreadsWaitForTheirCommitAndTheServerStillAnswers() throws Exception {
        InMemoryEventStore memory = new InMemoryEventStore();
        CompletableFuture<Void> commit = new CompletableFuture<>();
        AtomicInteger waiting = new AtomicInteger();
        EventStore store = committingOn(commit, memory, waiting);
        try (VellumServer server = VellumServer.builder(store).bind("127.0.0.1", 0).users(Api.users()).start()) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < APPENDS; i++) {
                HttpRequest request = HttpRequest.newBuilder(server.url().resolve("/api/streams/order-" + i))
                        .header("Authorization", "Bearer " + Api.OPERATOR_TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"expectedRevision\":\"no-stream\",\"events\":[{\"id\":\""
                                + UUID.randomUUID() + "\",\"type\":\"OrderPlaced\",\"data\":{}}]}"))
                        .build();
                answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (waiting.get() < APPENDS && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(waiting.get()).as("appends that reached the store").isEqualTo(APPENDS);
            HttpResponse<String> health = client.sendAsync(HttpRequest.newBuilder(server.url().resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).get(1, TimeUnit.SECONDS);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(answers).noneMatch(CompletableFuture::isDone);

            commit.complete(null);
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            assertThat(memory.head().value()).isEqualTo(APPENDS);
        }
    }

    /** {@code store}, whose appends, blocking or not, wait for {@code commit} before they are made; counts them. */
    private static EventStore committingOn(CompletableFuture<Void> commit, EventStore store, AtomicInteger waiting) {
        return (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("appendAsync")) {
                        waiting.incrementAndGet();
                        return commit.thenApplyAsync(done -> invoke(store, "append", method, args));
                    }
                    if (method.getName().equals("append")) {
                        waiting.incrementAndGet();
                        commit.join();
                    }
                    return invoke(store, method.getName(), method, args);
                });
    }

    private static Object invoke(EventStore store, String name, Method like, Object[] args) {
        try {
            return EventStore.class.getMethod(name, like.getParameterTypes()).invoke(store, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}

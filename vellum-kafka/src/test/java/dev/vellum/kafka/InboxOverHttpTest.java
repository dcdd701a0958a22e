package dev.vellum.kafka;

import static dev.vellum.kafka.Readings.TRANSLATOR;
import static dev.vellum.kafka.Readings.await;
import static dev.vellum.kafka.Readings.reading;
import static dev.vellum.kafka.Readings.sequences;
import static dev.vellum.kafka.Readings.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vellum.server.Role;
import dev.vellum.server.Users;
import dev.vellum.server.VellumServer;
import dev.vellum.store.memory.InMemoryEventStore;
import dev.vellum.worker.WorkerRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An inbox through a real {@link VellumServer}, against a real broker (one KRaft node in this JVM):
 * its parked records listed as a projection's parked events are, retried after a fix and gone from
 * the list; its partitions in the worker's status and in the scrape, and its typed errors as problem
 * documents with their stable types; refused requests change nothing. The test that closes the broker
 * runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InboxOverHttpTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String OPERATOR = "operator-token-0123456789";
    private static final String VIEWER = "viewer-token-0123456789ab";
    private static final String WORKER = "/api/workers/inbox.http";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static KafkaBroker broker;
    private static boolean brokerClosed;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (!brokerClosed) {
            broker.close();
        }
    }

    private record Answer(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static Answer send(VellumServer server, String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url().toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token);
        request = method.equals("GET") ? request.GET()
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    @Test
    @Order(1)
    void itsParkedRecordsAreListedWithTheirSourceAndErrorAsTextAndLeaveTheListWhenRetriedAfterTheFix() throws Exception {
        String topic = broker.createTopic("readings-parked", 3);
        String key = "d-0<b onmouseover=\"alert(1)\">";
        String poison = "{broken <img src=x onerror=\"alert('record')\"> & more";
        try (KafkaProducer<String, String> producer = Readings.producer(broker.bootstrapServers())) {
            for (int seq = 0; seq < 6; seq++) {
                producer.send(new ProducerRecord<>(topic, 0, key, seq == 2 ? poison : reading("d-0", seq)));
            }
            producer.flush();
        }
        AtomicBoolean fixed = new AtomicBoolean();
        RecordTranslator translator = record -> fixed.get() && record.value().equals(poison)
                ? List.of(InboxEvent.of("device-d-0", "Reading", reading("d-0", 2))) : TRANSLATOR.translate(record);
        InMemoryEventStore store = new InMemoryEventStore();
        Users users = Users.none().with("olga", Role.OPERATOR, OPERATOR).with("victor", Role.VIEWER, VIEWER);
        String worker = "/api/workers/inbox.parked";
        try (WorkerRegistry workers = WorkerRegistry.open(store, "node-1");
             KafkaInbox inbox = KafkaInbox.builder("parked", broker.bootstrapServers(), "g-parked", translator)
                     .topics(topic).start(store);
             VellumServer server = VellumServer.builder(store).bind("127.0.0.1", 0).users(users).workers(workers).start()) {
            workers.register(inbox);
            assertThat(await(WAIT, () -> stored(store).size() == 5 && inbox.parked().size() == 1))
                    .as("the poison record parked, the others stored").isTrue();
            long position = inbox.parked().getFirst().position().value();

            Answer listed = send(server, "GET", worker + "/parked", VIEWER);
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.json().get("worker").asText()).isEqualTo("inbox.parked");
            JsonNode items = listed.json().get("parked");
            assertThat(items).hasSize(1);
            JsonNode item = items.get(0);
            assertThat(item.get("position").asLong()).isEqualTo(position);
            assertThat(item.get("topic").asText()).isEqualTo(topic);
            assertThat(item.get("partition").asInt()).isZero();
            assertThat(item.get("offset").asLong()).isEqualTo(2);
            assertThat(item.get("key").asText()).as("the key as it came, as text").isEqualTo(key);
            assertThat(item.get("value").asText()).as("the value as it came, as text").isEqualTo(poison);
            assertThat(listed.body()).as("never as HTML").doesNotContain("&lt;").doesNotContain("&amp;");
            assertThat(item.get("description").asText()).isEqualTo(topic + "/0/2 · key " + key);
            assertThat(item.get("error").asText()).contains("JsonParseException");
            assertThat(item.get("attempts").asInt()).isEqualTo(1);
            assertThat(Instant.parse(item.get("parkedAt").asText())).isBeforeOrEqualTo(Instant.now());
            assertThat(item.has("event")).as("a projection's field only").isFalse();
            JsonNode schema = send(server, "GET", "/openapi.json", VIEWER).json().get("components").get("schemas")
                    .get("ParkedWork").get("properties");
            assertThat(item.properties()).extracting(Map.Entry::getKey)
                    .allSatisfy(field -> assertThat(schema.has(field)).as("%s described", field).isTrue());

            Answer stillFails = send(server, "POST", worker + "/parked/" + position + "/retry", OPERATOR);
            assertThat(stillFails.status()).isEqualTo(409);
            JsonNode stillParked = send(server, "GET", worker + "/parked", VIEWER).json().get("parked");
            assertThat(stillParked).as("still parked").hasSize(1);
            assertThat(stillParked.get(0).get("attempts").asInt()).as("one more attempt, failed").isEqualTo(2);
            assertThat(stillParked.get(0).get("error").asText()).contains("JsonParseException");

            fixed.set(true);
            Answer retried = send(server, "POST", worker + "/parked/" + position + "/retry", OPERATOR);
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.json().get("outcome").get("result").asText()).isEqualTo("DONE");
            assertThat(send(server, "GET", worker + "/parked", VIEWER).json().get("parked")).as("gone from the list").isEmpty();
            assertThat(sequences(stored(store)).get("device-d-0")).as("stored after the later records of its partition")
                    .containsExactly(0, 1, 3, 4, 5, 2);
            assertThat(send(server, "GET", worker, VIEWER).json().get("parkedEvents").asLong()).isZero();
        }
    }

    @Test
    void itsPartitionsAreInItsStatusAndTheScrapeAndItsErrorsAreTypedProblemsThatChangeNothing() throws Exception {
        String topic = broker.createTopic("readings-http", 3);
        try (KafkaProducer<String, String> producer = Readings.producer(broker.bootstrapServers())) {
            for (int seq = 0; seq < 10; seq++) {
                producer.send(new ProducerRecord<>(topic, 0, "d-0", seq == 4 ? "{broken" : reading("d-0", seq)));
                producer.send(new ProducerRecord<>(topic, 1, "d-1", reading("d-1", seq)));
            }
            producer.flush();
        }
        InMemoryEventStore store = new InMemoryEventStore();
        Users users = Users.none().with("olga", Role.OPERATOR, OPERATOR).with("victor", Role.VIEWER, VIEWER);
        try (WorkerRegistry workers = WorkerRegistry.open(store, "node-1");
             KafkaInbox inbox = KafkaInbox.builder("http", broker.bootstrapServers(), "g-http", TRANSLATOR).topics(topic)
                     .poisonPolicy(PoisonPolicy.STOP_PARTITION).start(store);
             VellumServer server = VellumServer.builder(store).bind("127.0.0.1", 0).users(users).workers(workers).start()) {
            workers.register(inbox);
            assertThat(await(WAIT, () -> stored(store).size() == 14)).as("partition 1 whole, partition 0 up to 4").isTrue();
            assertThat(await(WAIT, () -> inbox.partitions().stream().anyMatch(p -> p.stopped() && p.end() == 10)))
                    .as("partition 0 stopped at the parked record, its end read").isTrue();

            JsonNode status = send(server, "GET", WORKER, VIEWER).json();
            assertThat(status.get("lagEvents").asLong()).isEqualTo(6);
            JsonNode partitions = status.get("partitions");
            assertThat(partitions).extracting(p -> p.get("partition").asInt()).containsExactly(0, 1, 2);
            assertThat(partitions).allSatisfy(p -> assertThat(p.get("topic").asText()).isEqualTo(topic));
            JsonNode zero = partitions.get(0);
            assertThat(zero.get("committed").asLong()).as("not committed past the parked record").isEqualTo(4);
            assertThat(zero.get("end").asLong()).isEqualTo(10);
            assertThat(zero.get("lag").asLong()).isEqualTo(6);
            assertThat(zero.get("stopped").asBoolean()).isTrue();
            assertThat(partitions.get(1).get("lag").asLong()).isZero();
            assertThat(partitions.get(1).get("stopped").asBoolean()).isFalse();
            String scrape = send(server, "GET", "/metrics", VIEWER).body();
            assertThat(scrape).contains("vellum_inbox_partition_lag{partition=\"0\",topic=\"" + topic
                    + "\",worker=\"inbox.http\"} 6.0").contains("vellum_inbox_partition_lag{partition=\"1\",topic=\""
                    + topic + "\",worker=\"inbox.http\"} 0.0");

            long parked = inbox.parked().getFirst().position().value();
            Answer unknown = send(server, "POST", WORKER + "/parked/" + (parked + 1_000) + "/retry", OPERATOR);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("type").asText()).isEqualTo("urn:vellum:problem:parked-event-not-found");
            assertThat(unknown.json().get("detail").asText()).contains("nothing changed");
            Answer unknownSkip = send(server, "POST", WORKER + "/parked/" + (parked + 1_000) + "/skip", OPERATOR);
            assertThat(unknownSkip.status()).isEqualTo(404);

            Answer stillFails = send(server, "POST", WORKER + "/parked/" + parked + "/retry", OPERATOR);
            assertThat(stillFails.status()).isEqualTo(409);
            assertThat(stillFails.json().get("type").asText()).isEqualTo("urn:vellum:problem:parked-still-fails");
            assertThat(stillFails.json().get("detail").asText()).contains("stays parked");
            assertThat(inbox.parked()).as("still parked").hasSize(1);

            for (String action : new String[] {"retry", "skip"}) {
                Answer viewer = send(server, "POST", WORKER + "/parked/" + parked + "/" + action, VIEWER);
                assertThat(viewer.status()).as("a viewer's %s", action).isEqualTo(403);
                assertThat(viewer.json().get("type").asText()).isEqualTo("urn:vellum:problem:forbidden");
            }
            assertThat(inbox.parked()).as("still parked").hasSize(1);
            assertThat(sequences(stored(store)).get("device-d-0")).as("nothing stored").containsExactly(0, 1, 2, 3);
            assertThat(send(server, "GET", WORKER, VIEWER).json().get("parkedEvents").asLong()).isEqualTo(1);

            Answer skip = send(server, "POST", WORKER + "/parked/" + parked + "/skip", OPERATOR);
            assertThat(skip.status()).isEqualTo(200);
            assertThat(await(WAIT, () -> stored(store).size() == 19)).as("the rest of partition 0").isTrue();
            assertThat(await(WAIT, () -> inbox.status().lagEvents() == 0)).isTrue();
            JsonNode after = send(server, "GET", WORKER, VIEWER).json().get("partitions").get(0);
            assertThat(after.get("committed").asLong()).isEqualTo(10);
            assertThat(after.get("stopped").asBoolean()).isFalse();

            broker.close(); // the broker gone: the status still answers at once, from memory
            brokerClosed = true;
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                JsonNode gone = send(server, "GET", WORKER, VIEWER).json();
                assertThat(gone.get("partitions")).hasSize(3);
                assertThat(send(server, "GET", "/metrics", VIEWER).body()).contains("vellum_inbox_partition_lag{");
            });
        }
    }
}

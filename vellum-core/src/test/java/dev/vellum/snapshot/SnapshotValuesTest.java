package dev.vellum.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.store.StreamId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The snapshot value types: {@link Snapshot}, {@link SnapshotPolicy} and {@link StateFormat}. */
class SnapshotValuesTest {

    record Cart(String id, List<String> items, BigDecimal total, Instant updatedAt) {
    }

    private static Snapshot snapshot(int version, long revision) {
        return new Snapshot(StreamId.of("cart-1"), "cart", version, 0, revision, UUID.randomUUID(), "{}");
    }

    @Test
    void everyNEventsIsDueOnceNEventsFollowedTheLastSnapshot() {
        SnapshotPolicy every = SnapshotPolicy.every(100);
        assertThat(every.isDue(-1, 98)).isFalse();
        assertThat(every.isDue(-1, 99)).as("the 100th event").isTrue();
        assertThat(every.isDue(99, 198)).isFalse();
        assertThat(every.isDue(99, 199)).isTrue();
        assertThat(every.isDue(99, 250)).as("a command with many events").isTrue();
        assertThat(SnapshotPolicy.none().isDue(-1, 1_000_000)).isFalse();
        assertThatThrownBy(() -> SnapshotPolicy.every(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNewerSnapshotOrOneOfAnotherVersionReplacesTheStoredOne() {
        assertThat(snapshot(1, 20).replaces(snapshot(1, 10))).isTrue();
        assertThat(snapshot(1, 10).replaces(snapshot(1, 20))).isFalse();
        assertThat(snapshot(1, 10).replaces(snapshot(1, 10))).isFalse();
        assertThat(snapshot(2, 10).replaces(snapshot(1, 20))).as("another version").isTrue();
        assertThat(snapshot(1, 10).replaces(snapshot(2, 20))).as("another version, either way").isTrue();
    }

    @Test
    void badSnapshotsAreRefused() {
        StreamId s = StreamId.of("cart-1");
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> new Snapshot(s, "cart", 0, 0, 1, id, "{}")).hasMessageContaining("schema version");
        assertThatThrownBy(() -> new Snapshot(s, "cart", 1, 3, 2, id, "{}")).hasMessageContaining("firstRevision <= revision");
        assertThatThrownBy(() -> new Snapshot(s, "cart", 1, -1, 2, id, "{}")).isInstanceOf(IllegalArgumentException.class);
        for (String bad : Arrays.asList(null, "", "has space", "x".repeat(Snapshot.MAX_TYPE_LENGTH + 1))) {
            assertThatThrownBy(() -> new Snapshot(s, bad, 1, 0, 0, id, "{}")).as("type %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state type");
        }
    }

    @Test
    void aStateRoundTripsThroughJson() {
        StateFormat<Cart> format = StateFormat.json("cart", 3, Cart.class);
        Cart cart = new Cart("c1", List.of("book", "pen"), new BigDecimal("12.50"), Instant.parse("2025-03-01T10:15:30.123Z"));
        String json = format.write(cart);
        assertThat(json).contains("\"total\":12.50", "\"updatedAt\":\"2025-03-01T10:15:30.123Z\"");
        assertThat(format.read(json)).isEqualTo(cart);
        assertThat(format.name()).isEqualTo("cart");
        assertThat(format.version()).isEqualTo(3);
        assertThat(format.type()).isEqualTo(Cart.class);
    }

    @Test
    void theJsonIsAsciiSoEveryStoreKeepsItExactly() {
        StateFormat<Cart> format = StateFormat.json("cart", 1, Cart.class);
        Cart cart = new Cart("caf\u00E9 \uD83D\uDE00 \uD800", List.of(), BigDecimal.ONE, Instant.EPOCH);
        String json = format.write(cart);
        assertThat(json.chars()).allMatch(c -> c < 128);
        assertThat(format.read(json)).isEqualTo(cart);
    }

    @Test
    void unreadableStatesAreTypedErrors() {
        StateFormat<Cart> format = StateFormat.json("cart", 2, Cart.class);
        assertThatThrownBy(() -> format.read("{\"items\": 5")).isInstanceOf(StateFormatException.class)
                .hasMessageContaining("Cannot read state 'cart' version 2").hasMessageContaining("raise its schema version");
        assertThatThrownBy(() -> format.read("null")).isInstanceOf(StateFormatException.class);
        assertThatThrownBy(() -> StateFormat.json("cart", 0, Cart.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StateFormat.json("a b", 1, Cart.class)).isInstanceOf(IllegalArgumentException.class);
    }
}

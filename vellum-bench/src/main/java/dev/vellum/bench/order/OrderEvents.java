package dev.vellum.bench.order;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The benchmark event of BENCH.md, made the same way for Vellum and for the raw baselines:
 * {@code {"orderId":"<36 chars>","amount":123.45,"currency":"EUR","customer":"<40 chars>"}}, type
 * {@code OrderPlaced}, a random UUID as id, in streams {@code order-<n>} of category {@code order}.
 * Random values come from {@link ThreadLocalRandom}, so making an event costs the same on both
 * sides and does not contend across threads the way {@link UUID#randomUUID()} can.
 */
public final class OrderEvents {

    /** The type name of every benchmark event. */
    public static final String TYPE = "OrderPlaced";

    /** The category of every benchmark stream. */
    public static final String CATEGORY = "order";

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
    private static final int CUSTOMER_LENGTH = 40;

    private OrderEvents() {
    }

    /** The name of stream number {@code n}: {@code order-<n>}. */
    public static String streamName(long n) {
        return CATEGORY + "-" + n;
    }

    /** A random version-4 UUID. */
    public static UUID randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0b11L << 62)) | (0b10L << 62);
        return new UUID(high, low);
    }

    /** The data of a new random OrderPlaced event, one JSON object. */
    public static String randomData() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int cents = random.nextInt(10_000, 100_000);
        StringBuilder json = new StringBuilder(160)
                .append("{\"orderId\":\"").append(randomId())
                .append("\",\"amount\":").append(cents / 100).append('.')
                .append(cents % 100 < 10 ? "0" : "").append(cents % 100)
                .append(",\"currency\":\"EUR\",\"customer\":\"");
        for (int i = 0; i < CUSTOMER_LENGTH; i++) {
            json.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return json.append("\"}").toString();
    }
}

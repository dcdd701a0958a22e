package dev.vellum.serde.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.vellum.serde.VellumJson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastInstantDeserializerTest {

    /** 0000-01-01T00:00:00Z. */
    private static final long FIRST_SECOND = -62_167_219_200L;
    /** 9999-12-31T23:59:59Z. */
    private static final long LAST_SECOND = 253_402_300_799L;

    private final ObjectMapper mapper = VellumJson.newObjectMapper();

    record Stamped(Instant at) {
    }

    record Formatted(@JsonFormat(pattern = "yyyy-MM-dd HH:mm", timezone = "UTC") Instant at) {
    }

    private static Instant fast(String text) {
        return FastInstantDeserializer.parse(text.toCharArray(), 0, text.length());
    }

    @Property(tries = 2000)
    void agreesWithInstantParseOverTheWholeFourDigitYearRange(
            @ForAll @LongRange(min = FIRST_SECOND, max = LAST_SECOND) long second,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos, @ForAll @IntRange(min = 0, max = 9) int digits) {
        String base = Instant.ofEpochSecond(second).toString();
        String fraction = String.format("%09d", nanos).substring(0, digits);
        String text = base.substring(0, 19) + (digits == 0 ? "" : "." + fraction) + "Z";

        assertThat(fast(text)).isEqualTo(Instant.parse(text));
    }

    @Property(tries = 500)
    void readsWhatTheMapperWrites(@ForAll @LongRange(min = FIRST_SECOND, max = LAST_SECOND) long second,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) throws Exception {
        Stamped stamped = new Stamped(Instant.ofEpochSecond(second, nanos));
        String json = mapper.writeValueAsString(stamped);

        assertThat(fast(mapper.readTree(json).get("at").asText())).isEqualTo(stamped.at());
        assertThat(mapper.readValue(json, Stamped.class)).isEqualTo(stamped);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-01T10:15:30+02:00", "2025-03-01t10:15:30z", "2016-12-31T23:59:60Z",
        "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2025-03-01T10:15:30.Z", "2025-03-01T10:15:30.1234567890Z",
        "2025-02-29T00:00:00Z", "2025-13-01T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T00:60:00Z",
        "2025-01-01 00:00:00Z", "2025-01-01T00:00:0xZ", "2025-01-01T00:00:00.12a4Z", "2025-01-01T00:00:00"})
    void leavesEveryOtherFormToTheFallback(String text) {
        assertThat(fast(text)).isNull();
    }

    @Test
    void theRangeConstantsAreTheFourDigitYears() {
        assertThat(Instant.ofEpochSecond(FIRST_SECOND)).isEqualTo(LocalDate.of(0, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC));
        assertThat(Instant.ofEpochSecond(LAST_SECOND)).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @Test
    void acceptsLeapDays() {
        assertThat(fast("2024-02-29T00:00:00Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2025-03-01T12:15:30+02:00\"", "\"2016-12-31T23:59:60Z\"", "\"+10000-01-01T00:00:00Z\"",
        "1700000000.5", "\"2025-03-01t10:15:30z\""})
    void theFallbackStillReadsOtherForms(String json) throws Exception {
        Instant expected = VellumJsonWithoutFastPath.MAPPER.readValue("{\"at\":" + json + "}", Stamped.class).at();

        assertThat(mapper.readValue("{\"at\":" + json + "}", Stamped.class).at()).isEqualTo(expected).isNotNull();
    }

    @Test
    void anInvalidDateIsStillJacksonsError() {
        assertThatThrownBy(() -> mapper.readValue("{\"at\":\"2025-02-30T00:00:00Z\"}", Stamped.class))
                .isInstanceOf(InvalidFormatException.class);
    }

    @Test
    void aPropertyWithItsOwnFormatUsesIt() throws Exception {
        assertThat(mapper.readValue("{\"at\":\"2025-03-01 10:15\"}", Formatted.class).at())
                .isEqualTo(Instant.parse("2025-03-01T10:15:00Z"));
    }

    @Test
    void isTheDeserializerTheMapperUsesForInstants() throws Exception {
        DeserializationContext ctxt = ((DefaultDeserializationContext) mapper.getDeserializationContext())
                .createDummyInstance(mapper.getDeserializationConfig());

        assertThat(ctxt.findRootValueDeserializer(ctxt.constructType(Instant.class)))
                .isInstanceOf(FastInstantDeserializer.class);
    }

    /** The same configuration without the fast path, to compare against. */
    private static final class VellumJsonWithoutFastPath {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .build();
    }
}

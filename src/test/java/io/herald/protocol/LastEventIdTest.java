package io.herald.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which Last-Event-ID values resume a stream, and which start it live. */
class LastEventIdTest {

    @Test
    void zeroIsAnId() {
        assertEquals(OptionalLong.of(0), LastEventId.parse("0"));
    }

    @Test
    void decimalDigitsAreAnId() {
        assertEquals(OptionalLong.of(42), LastEventId.parse("42"));
    }

    @Test
    void leadingZerosAreStillTheSameId() {
        assertEquals(OptionalLong.of(42), LastEventId.parse("0042"));
    }

    @Test
    void largestLongIsAnId() {
        assertEquals(OptionalLong.of(Long.MAX_VALUE), LastEventId.parse("9223372036854775807"));
    }

    @Test
    void nineteenDigitsWithLeadingZeroIsAnId() {
        assertEquals(OptionalLong.of(7), LastEventId.parse("0000000000000000007"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void missingIdStartsLive(String value) {
        assertEquals(OptionalLong.empty(), LastEventId.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "-1", "+1", " 7", "7 ", "\t7", "1e3", "0x10", "1.0", "1_000", "abc", "7a",
        "9223372036854775808",    // Long.MAX_VALUE + 1: 19 digits that overflow
        "9999999999999999999",    // the largest 19-digit number
        "00000000000000000007",   // 20 digits, even if the value is small
        "12345678901234567890",   // 20 digits
        "٣",                      // ARABIC-INDIC DIGIT THREE: a digit, but not ASCII
        "４２",                    // FULLWIDTH 4 and 2
        "१",                      // DEVANAGARI DIGIT ONE
    })
    void valueHeraldNeverIssuedStartsLive(String value) {
        assertEquals(OptionalLong.empty(), LastEventId.parse(value), () -> "parse(\"" + value + "\")");
    }
}

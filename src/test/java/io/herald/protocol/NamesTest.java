package io.herald.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The names clients choose, channels and event names, and the one reason given for each bad one. */
class NamesTest {

    @Test
    void oneCharacterChannelIsValid() {
        assertTrue(Names.isValidChannel("a"));
        assertTrue(Names.isValidChannel("7"));
    }

    @Test
    void channelOf128CharactersIsValid() {
        assertTrue(Names.isValidChannel("c".repeat(128)));
    }

    @Test
    void channelOf129CharactersIsRejected() {
        assertFalse(Names.isValidChannel("c".repeat(129)));
    }

    @Test
    void defaultChannelIsValid() {
        assertTrue(Names.isValidChannel(Names.DEFAULT_CHANNEL));
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "_", ":", "/", "-", "a.b", "a_b", "a:b", "a/b", "a-b",
        "orders/eu-west_1:v2.0", "ABCXYZabcxyz0189", "._:/-"})
    void lettersDigitsAndEveryAllowedPunctuationAreValidInChannels(String channel) {
        assertTrue(Names.isValidChannel(channel), channel);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "a b", " a", "a ", "a?b", "a&b", "a=b", "a#b", "a%20b", "a+b", "a,b", "a;b",
        "a\\b", "a\"b", "a'b", "a<b", "a*b", "a\nb", "a\rb", "a\0b", "a\tb",
        "grüße", "日本", "\uD83C\uDF89", "é", "ａ"})
    void channelWithAnyOtherCharacterIsRejected(String channel) {
        assertFalse(Names.isValidChannel(channel), () -> "\"" + channel + "\"");
    }

    @Test
    void eventNameWithSpacesPunctuationAndUnicodeIsValid() {
        assertTrue(Names.isValidEventName("order created"));
        assertTrue(Names.isValidEventName("a?b&c=d:e/f"));
        assertTrue(Names.isValidEventName("grüße 日本 \uD83C\uDF89"));
        assertTrue(Names.isValidEventName("x"));
    }

    @Test
    void eventNameOf128CharactersIsValid() {
        assertTrue(Names.isValidEventName("e".repeat(128)));
    }

    @Test
    void eventNameOf129CharactersIsRejected() {
        assertFalse(Names.isValidEventName("e".repeat(129)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a\rb", "a\nb", "a\r\nb", "a\0b", "\r", "\n", "\0", "created\ndata: injected"})
    void eventNameWithCrLfOrNulOrNothingIsRejected(String event) {
        assertFalse(Names.isValidEventName(event), () -> "\"" + event + "\"");
    }

    @Test
    void aValidChannelHasNoProblem() {
        assertEquals(Optional.empty(), Names.channelProblem("orders/eu-west_1:v2.0"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void aMissingOrEmptyChannelIsEmpty(String channel) {
        assertEquals(Optional.of("channel must not be empty"), Names.channelProblem(channel));
    }

    @Test
    void aLongChannelIsTooLongWithItsLength() {
        assertEquals(Optional.of("channel must be at most 128 characters, not 129"),
                Names.channelProblem("c".repeat(129)));
    }

    @Test
    void aChannelWithASpaceNamesTheSpaceAndItsPosition() {
        assertEquals(Optional.of("channel may hold only A-Z a-z 0-9 . _ : / -, not a space (U+0020) at position 5"),
                Names.channelProblem("chat room"));
    }

    @Test
    void aChannelWithAVisibleCharacterShowsItWithItsCodePoint() {
        assertEquals(Optional.of("channel may hold only A-Z a-z 0-9 . _ : / -, not 'ü' (U+00FC) at position 3"),
                Names.channelProblem("grüße"));
    }

    @Test
    void aChannelWithAControlCharacterShowsOnlyItsCodePoint() {
        assertEquals(Optional.of("channel may hold only A-Z a-z 0-9 . _ : / -, not U+0009 at position 2"),
                Names.channelProblem("a\tb"));
        assertEquals(Optional.of("channel may hold only A-Z a-z 0-9 . _ : / -, not LF (U+000A) at position 2"),
                Names.channelProblem("a\nb"));
    }

    @Test
    void positionsCountCharactersAsAReaderDoesNotUtf16Units() {
        assertEquals(Optional.of("channel may hold only A-Z a-z 0-9 . _ : / -, not '\uD83C\uDF89' (U+1F389) at position 2"),
                Names.channelProblem("a\uD83C\uDF89"));
    }

    @Test
    void onlyTheFirstBadCharacterIsNamed() {
        assertEquals(Optional.of("channel may hold only A-Z a-z 0-9 . _ : / -, not '?' (U+003F) at position 2"),
                Names.channelProblem("a?b&c"));
    }

    @Test
    void aValidEventNameHasNoProblem() {
        assertEquals(Optional.empty(), Names.eventNameProblem("order created \uD83C\uDF89"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void aMissingOrEmptyEventNameIsEmpty(String event) {
        assertEquals(Optional.of("event name must not be empty"), Names.eventNameProblem(event));
    }

    @Test
    void aLongEventNameIsTooLongWithItsLength() {
        assertEquals(Optional.of("event name must be at most 128 characters, not 200"),
                Names.eventNameProblem("e".repeat(200)));
    }

    @Test
    void anEventNameWithALineBreakNamesItAndItsPosition() {
        assertEquals(Optional.of("event name may not hold CR, LF or NUL, not LF (U+000A) at position 8"),
                Names.eventNameProblem("created\ndata: injected"));
        assertEquals(Optional.of("event name may not hold CR, LF or NUL, not CR (U+000D) at position 1"),
                Names.eventNameProblem("\r"));
        assertEquals(Optional.of("event name may not hold CR, LF or NUL, not NUL (U+0000) at position 2"),
                Names.eventNameProblem("a\0b"));
    }
}

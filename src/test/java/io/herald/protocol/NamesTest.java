package io.herald.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The names clients choose: channels and event names. */
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
}

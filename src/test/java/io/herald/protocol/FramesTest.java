package io.herald.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact bytes Herald puts on the wire (WHATWG HTML, "Server-sent events"). */
class FramesTest {

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }

    @Test
    void messageWithEventAndOneLineSendsEventDataAndId() {
        assertEquals("event: created\ndata: hello\nid: 42\n\n", text(Frames.message(42, "created", "hello")));
    }

    @Test
    void messageWithoutEventLeavesTheEventLineOut() {
        assertEquals("data: hello\nid: 7\n\n", text(Frames.message(7, null, "hello")));
    }

    @Test
    void emptyEventNameIsLeftOutLikeNoEventName() {
        assertEquals("data: hello\nid: 7\n\n", text(Frames.message(7, "", "hello")));
    }

    @Test
    void lineFeedSplitsThePayloadIntoDataLines() {
        assertEquals("event: created\ndata: a\ndata: b\nid: 42\n\n", text(Frames.message(42, "created", "a\nb")));
    }

    @Test
    void carriageReturnSplitsThePayloadIntoDataLines() {
        assertEquals("data: a\ndata: b\nid: 1\n\n", text(Frames.message(1, null, "a\rb")));
    }

    @Test
    void crlfCountsAsOneLineBreak() {
        assertEquals("data: a\ndata: b\nid: 1\n\n", text(Frames.message(1, null, "a\r\nb")));
    }

    @Test
    void mixedLineBreaksEachEndOneLine() {
        assertEquals("data: a\ndata: b\ndata: c\ndata: d\nid: 1\n\n", text(Frames.message(1, null, "a\r\nb\rc\nd")));
    }

    @Test
    void lfCrIsTwoLineBreaksWithAnEmptyLineBetween() {
        assertEquals("data: a\ndata: \ndata: b\nid: 1\n\n", text(Frames.message(1, null, "a\n\rb")));
    }

    @Test
    void consecutiveLineBreaksKeepTheEmptyLines() {
        assertEquals("data: a\ndata: \ndata: \ndata: b\nid: 1\n\n", text(Frames.message(1, null, "a\n\r\n\rb")));
    }

    @Test
    void trailingNewlineSendsASecondEmptyDataLine() {
        assertEquals("data: a\ndata: \nid: 1\n\n", text(Frames.message(1, null, "a\n")));
    }

    @Test
    void trailingCrlfSendsASecondEmptyDataLine() {
        assertEquals("data: a\ndata: \nid: 1\n\n", text(Frames.message(1, null, "a\r\n")));
    }

    @Test
    void leadingNewlineSendsAnEmptyFirstDataLine() {
        assertEquals("data: \ndata: a\nid: 1\n\n", text(Frames.message(1, null, "\na")));
    }

    @Test
    void payloadOfOnlyANewlineSendsTwoEmptyDataLines() {
        assertEquals("data: \ndata: \nid: 3\n\n", text(Frames.message(3, null, "\n")));
    }

    @Test
    void emptyPayloadStillSendsOneDataLine() {
        assertEquals("data: \nid: 43\n\n", text(Frames.message(43, null, "")));
    }

    @Test
    void nullPayloadStillSendsOneDataLine() {
        assertEquals("data: \nid: 43\n\n", text(Frames.message(43, null, null)));
        assertEquals("event: ping\ndata: \n\n", text(Frames.encode("ping", null, null)));
    }

    @Test
    void multiByteCharactersAreEncodedAsUtf8() {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("data: ".getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(new byte[] {
            'g', 'r', (byte) 0xC3, (byte) 0xBC, (byte) 0xC3, (byte) 0x9F, 'e', ' ',  // grüße
            (byte) 0xE6, (byte) 0x97, (byte) 0xA5, (byte) 0xE6, (byte) 0x9C, (byte) 0xAC, ' ',  // 日本
            (byte) 0xF0, (byte) 0x9F, (byte) 0x8E, (byte) 0x89,  // 🎉 (one code point, two chars)
        });
        expected.writeBytes("\nid: 9\n\n".getBytes(StandardCharsets.US_ASCII));

        assertArrayEquals(expected.toByteArray(), Frames.message(9, null, "grüße 日本 \uD83C\uDF89"));
    }

    @Test
    void multiByteEventNameIsEncodedAsUtf8() {
        assertArrayEquals("event: grüße\ndata: x\nid: 1\n\n".getBytes(StandardCharsets.UTF_8),
                Frames.message(1, "grüße", "x"));
        assertEquals("event: grüße\ndata: x\nid: 1\n\n", text(Frames.message(1, "grüße", "x")));
    }

    @Test
    void nulInsidePayloadIsAllowedAndStaysInItsDataLine() {
        assertEquals("data: a\0b\nid: 5\n\n", text(Frames.message(5, null, "a\0b")));
    }

    @Test
    void retrySendsTheDelayInMilliseconds() {
        assertEquals("retry: 3000\n", text(Frames.retry(3000)));
        assertEquals("retry: 0\n", text(Frames.retry(0)));
    }

    @Test
    void negativeRetryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Frames.retry(-1));
    }

    @Test
    void commentIsAColonLineWithoutTheBlankLineThatDispatches() {
        assertEquals(": hb\n", text(Frames.comment("hb")));
        assertEquals(": \n", text(Frames.comment("")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "a\0b", "\n"})
    void commentWithLineBreakOrNulIsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Frames.comment(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "a\r\nb", "a\0b", "\n", "\r", "\0", "x\ndata: injected"})
    void eventNameWithLineBreakOrNulIsRefused(String event) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Frames.encode(event, "data", "1"));
        assertEquals("event name must not contain CR, LF or NUL", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1\n2", "1\r2", "1\r\n2", "1\0", "\n", "\r", "\0", "1\n\nevent: injected"})
    void idWithLineBreakOrNulIsRefused(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Frames.encode(null, "data", id));
        assertEquals("id must not contain CR, LF or NUL", e.getMessage());
    }

    @Test
    void encodeWithOnlyDataSendsNoEventAndNoId() {
        assertEquals("data: x\n\n", text(Frames.encode(null, "x", null)));
    }

    @Test
    void emptyIdIsSentAsAnEmptyIdLine() {
        // An empty id resets the browser's last event id; the encoder keeps the field.
        assertEquals("data: x\nid: \n\n", text(Frames.encode(null, "x", "")));
    }

    @Test
    void isSingleLineIsFalseForCrLfOrNul() {
        assertTrue(Frames.isSingleLine("plain text: with spaces"));
        assertTrue(Frames.isSingleLine(""));
        assertFalse(Frames.isSingleLine("a\rb"));
        assertFalse(Frames.isSingleLine("a\nb"));
        assertFalse(Frames.isSingleLine("a\0b"));
    }

    // WHATWG HTML, 9.2.6 "Server-sent events", examples where Herald's encoder can produce them.

    @Test
    void specStockTickerExampleIsOneEventOfThreeDataLines() {
        assertEquals("data: YHOO\ndata: +2\ndata: 10\n\n", text(Frames.encode(null, "YHOO\n+2\n10", null)));
    }

    @Test
    void specFirstEventWithIdExample() {
        assertEquals("data: first event\nid: 1\n\n", text(Frames.message(1, null, "first event")));
    }

    @Test
    void specLeadingSpaceExampleKeepsTheSecondSpaceInTheData() {
        // "data:  third event" dispatches " third event": only the first space after the colon is dropped.
        assertEquals("data:  third event\n\n", text(Frames.encode(null, " third event", null)));
    }

    @Test
    void specNamedEventsExample() {
        String stream = text(Frames.encode("add", "73857293", null))
                + text(Frames.encode("remove", "2153", null))
                + text(Frames.encode("add", "113411", null));
        assertEquals("event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n", stream);
    }

    @Test
    void specMultiLineDataExampleRoundTripsTheNewline() {
        // "data: This is the first message." is one event; "data: This is the second message, it\n
        // data: has two lines." another whose data is joined with a single LF by the browser.
        assertEquals("data: This is the first message.\n\n",
                text(Frames.encode(null, "This is the first message.", null)));
        assertEquals("data: This is the second message, it\ndata: has two lines.\n\n",
                text(Frames.encode(null, "This is the second message, it\nhas two lines.", null)));
    }
}

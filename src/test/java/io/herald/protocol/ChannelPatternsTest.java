package io.herald.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Patterns ({@code orders/*}): what they cover, what is refused, and sets without overlap. */
class ChannelPatternsTest {

    @Test
    void aPatternCoversEveryChannelUnderItsPrefixAtAnyDepthButNotThePrefixItself() {
        assertTrue(ChannelPatterns.covers("orders/*", "orders/17"));
        assertTrue(ChannelPatterns.covers("orders/*", "orders/eu/west/17"));
        assertTrue(ChannelPatterns.covers("orders/*", "orders//"));
        assertFalse(ChannelPatterns.covers("orders/*", "orders"));
        assertFalse(ChannelPatterns.covers("orders/*", "orders/"));
        assertFalse(ChannelPatterns.covers("orders/*", "ordersx/1"));
        assertFalse(ChannelPatterns.covers("orders/*", "news/orders/1"));
        assertTrue(ChannelPatterns.covers("orders/eu/*", "orders/eu/1"));
        assertFalse(ChannelPatterns.covers("orders/eu/*", "orders/us/1"));
    }

    @Test
    void aChannelNameCoversOnlyItself() {
        assertTrue(ChannelPatterns.covers("orders", "orders"));
        assertFalse(ChannelPatterns.covers("orders", "orders/1"));
        assertFalse(ChannelPatterns.isPattern("orders"));
        assertTrue(ChannelPatterns.isPattern("orders/*"));
        assertEquals("orders/", ChannelPatterns.prefix("orders/*"));
    }

    @Test
    void channelsAndPatternsAreValidAndEverythingElseGetsAReason() {
        assertEquals(Optional.empty(), ChannelPatterns.problem("orders"));
        assertEquals(Optional.empty(), ChannelPatterns.problem("orders/*"));
        assertEquals(Optional.empty(), ChannelPatterns.problem("a/b/c/*"));
        assertEquals(Optional.empty(), ChannelPatterns.problem("c".repeat(128) + "/*"));
        assertEquals(Optional.of("pattern prefix must not be empty"), ChannelPatterns.problem("/*"));
        assertEquals(Optional.of("pattern prefix may hold only A-Z a-z 0-9 . _ : / -, not '*' (U+002A) at position 8"),
                ChannelPatterns.problem("orders/*/*"));
        assertEquals(Optional.of("a pattern is a channel name followed by /* (such as orders/*); orders/** is not one"),
                ChannelPatterns.problem("orders/**"));
        assertEquals(Optional.of("a pattern is a channel name followed by /* (such as orders/*); * is not one"),
                ChannelPatterns.problem("*"));
        assertEquals(Optional.of("a pattern is a channel name followed by /* (such as orders/*); orders* is not one"),
                ChannelPatterns.problem("orders*"));
        assertEquals(Optional.of("channel may hold only A-Z a-z 0-9 . _ : / -, not a space (U+0020) at position 3"),
                ChannelPatterns.problem("or ders"));
        assertEquals(Optional.of("pattern prefix must be at most 128 characters, not 129"),
                ChannelPatterns.problem("c".repeat(129) + "/*"));
        assertTrue(ChannelPatterns.problem(null).isPresent());
    }

    @Test
    void aSetLosesWhatAnotherOfItsPatternsCoversAndKeepsItsOrder() {
        LinkedHashSet<String> given = new LinkedHashSet<>(
                List.of("news", "orders/17", "orders/*", "orders/eu/*", "orders", "user/*", "users/1"));
        assertEquals(List.of("news", "orders/*", "orders", "user/*", "users/1"),
                List.copyOf(ChannelPatterns.normalized(given)));
        assertEquals(List.of("a", "b"), List.copyOf(ChannelPatterns.normalized(new LinkedHashSet<>(List.of("a", "b")))));
    }
}

package io.herald.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.herald.http.ApiError;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Channel names from a request: each checked, the first bad one refused with {@code 400} and its reason. */
class ChannelNamesTest {

    @Test
    void aValidChannelIsReturnedAsGiven() throws ApiError {
        assertEquals("orders/eu-west:2.b_c", ChannelNames.checked("orders/eu-west:2.b_c"));
    }

    @Test
    void aBadChannelIsA400ThatSaysWhy() {
        ApiError empty = assertThrows(ApiError.class, () -> ChannelNames.checked(""));
        assertEquals(400, empty.status());
        assertEquals("bad request", empty.error());
        assertEquals("channel must not be empty", empty.detail());
        assertEquals("channel may hold only A-Z a-z 0-9 . _ : / -, not a space (U+0020) at position 5",
                assertThrows(ApiError.class, () -> ChannelNames.checked("chat room")).detail());
        assertEquals("channel must be at most 128 characters, not 129",
                assertThrows(ApiError.class, () -> ChannelNames.checked("c".repeat(129))).detail());
    }

    @Test
    void repeatedChannelsKeepTheirOrderWithoutRepeats() throws ApiError {
        Set<String> channels = ChannelNames.checked(new String[] {"b", "a", "b", "c"}, Set.of("global"));
        assertEquals(List.of("b", "a", "c"), List.copyOf(channels));
    }

    @Test
    void noChannelParameterMeansTheDefault() throws ApiError {
        Set<String> none = Set.of("global");
        assertSame(none, ChannelNames.checked(null, none));
        assertSame(none, ChannelNames.checked(new String[0], none));
    }

    @Test
    void oneBadChannelAmongGoodOnesRefusesTheRequestNamingIt() {
        ApiError e = assertThrows(ApiError.class, () -> ChannelNames.checked(new String[] {"news", "a$b", ""}, Set.of()));
        assertEquals(400, e.status());
        assertEquals("channel may hold only A-Z a-z 0-9 . _ : / -, not '$' (U+0024) at position 2", e.detail());
    }
}

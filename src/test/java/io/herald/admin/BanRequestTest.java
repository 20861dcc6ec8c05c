package io.herald.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What a ban typed by hand or sent to the API must name before it is stored, and what the administrator reads when it does not. */
class BanRequestTest {

    private static final String EITHER = "Name either a user or an address to ban, not both or neither.";
    private static final String USER = "User must be at most 256 characters with no control characters.";
    private static final String ADDRESS = "Address must be an IP address as the container reports it (e.g. 10.1.2.3 or 0:0:0:0:0:0:0:1).";
    private static final String REASON = "A ban needs a reason of at most 1,000 characters.";

    @Test
    void aUserOrAnAddressWithAReasonCanBeStored() {
        assertNull(BanRequest.problem("mallory", null, "spam"));
        assertNull(BanRequest.problem("ma\u00efve@example.org", null, ""));
        assertNull(BanRequest.problem(null, "10.1.2.3", "scraper"));
        assertNull(BanRequest.problem(null, "0:0:0:0:0:0:0:1", "local"));
        assertNull(BanRequest.problem(null, "fe80::1%eth0", "scoped IPv6"));
        assertNull(BanRequest.problem("u".repeat(256), null, "r".repeat(1000)));
    }

    @Test
    void aBanNamesExactlyOneOfUserAndAddress() {
        assertEquals(EITHER, BanRequest.problem(null, null, "spam"));
        assertEquals(EITHER, BanRequest.problem("mallory", "10.1.2.3", "spam"));
    }

    @Test
    void aUserIsShortAndHasNoControlCharacters() {
        assertEquals(USER, BanRequest.problem("u".repeat(257), null, "spam"));
        assertEquals(USER, BanRequest.problem("mallory\nadmin", null, "spam"));
        assertEquals(USER, BanRequest.problem("mallory\u0000", null, "spam"));
    }

    @Test
    void anAddressLooksLikeAnIpAddress() {
        assertEquals(ADDRESS, BanRequest.problem(null, "10.1.2.3/8", "spam"));
        assertEquals(ADDRESS, BanRequest.problem(null, "10.1.2.3; DROP TABLE", "spam"));
        assertEquals(ADDRESS, BanRequest.problem(null, "1".repeat(65), "spam"));
    }

    @Test
    void aReasonIsRequiredAndBounded() {
        assertEquals(REASON, BanRequest.problem("mallory", null, null));
        assertEquals(REASON, BanRequest.problem(null, "10.1.2.3", "r".repeat(1001)));
    }
}

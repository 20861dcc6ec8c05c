package io.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The frame a stream gets when Herald shuts down, and the delays it draws. */
class ShutdownNoticeTest {

    private static final Pattern NOTICE = Pattern.compile(
            "retry: (\\d+)\nevent: close\ndata: \\{\"reason\":\"shutdown\",\"reconnectAfterMs\":(\\d+)}\n\n");

    @Test
    void theDelayGoesOutAsRetryForEventSourceAndInTheCloseEventsJson() {
        assertEquals("retry: 7412\nevent: close\ndata: {\"reason\":\"shutdown\",\"reconnectAfterMs\":7412}\n\n",
                new String(ShutdownNotice.frame(7412), StandardCharsets.UTF_8));
    }

    @Test
    void eachStreamDrawsItsOwnDelayBetweenRetryAndRetryPlusSpread() {
        ShutdownNotice notice = new ShutdownNotice(3000, 10_000);
        Set<Long> delays = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Matcher m = NOTICE.matcher(new String(notice.next(), StandardCharsets.UTF_8));
            assertTrue(m.matches());
            assertEquals(m.group(1), m.group(2), "retry: and reconnectAfterMs agree");
            long delay = Long.parseLong(m.group(1));
            assertTrue(delay >= 3000 && delay <= 13_000, "delay " + delay + " within [3000, 13000]");
            delays.add(delay);
        }
        assertTrue(delays.size() > 900, "spread, not one value: " + delays.size() + " distinct of 1000");
    }

    @Test
    void withoutSpreadEveryStreamIsToldTheRetryDelay() {
        ShutdownNotice notice = new ShutdownNotice(3000, 0);
        for (int i = 0; i < 100; i++) {
            assertEquals("retry: 3000\nevent: close\ndata: {\"reason\":\"shutdown\",\"reconnectAfterMs\":3000}\n\n",
                    new String(notice.next(), StandardCharsets.UTF_8));
        }
    }
}

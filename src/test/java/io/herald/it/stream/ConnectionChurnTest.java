package io.herald.it.stream;

import io.herald.it.support.HeraldServer;
import io.herald.it.support.RawSseClient;
import io.herald.testing.Wait;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.herald.hub.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clients that vanish are noticed by the heartbeat alone (no message needed) and leave the registry. */
class ConnectionChurnTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.stream.heartbeat-ms", "100"));

    @Test
    void aThousandConnectionsOpenedAndDroppedLeaveTheRegistryEmpty() throws Exception {
        int count = 1000;
        long goneBefore = herald.hub().gauges().traffic().closedCount(CloseReason.CLIENT_GONE);
        List<RawSseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                clients.add(RawSseClient.connect(herald.port(), "/events?channel=churn-" + (i % 10), 0));
            }
            Wait.until(WAIT, () -> count + " registered, have " + herald.hub().gauges().connectionCount(),
                    () -> herald.hub().gauges().connectionCount() == count);
            assertEquals(10, herald.hub().gauges().subscriberCounts().size());
        } finally {
            for (RawSseClient c : clients) {
                c.close();
            }
        }
        Wait.until(WAIT, () -> "registry empty, have " + herald.hub().gauges().connectionCount(),
                () -> herald.hub().gauges().connectionCount() == 0);
        assertEquals(count, herald.hub().gauges().traffic().closedCount(CloseReason.CLIENT_GONE) - goneBefore);
        assertEquals(Map.of(), herald.hub().gauges().subscriberCounts());
    }
}

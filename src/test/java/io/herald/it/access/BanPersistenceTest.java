package io.herald.it.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.herald.it.support.AdminSession;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseSubscription;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bans live in the database: a restart on the same database keeps refusing the banned address. */
class BanPersistenceTest {

    @TempDir
    Path data;

    @Test
    void aBanSurvivesARestart() throws Exception {
        try (HeraldServer herald = HeraldServer.start(data)) {
            AdminSession admin = AdminSession.admin(herald);
            assertEquals(201, admin.api("POST", "/api/bans", "{\"address\":\"127.0.0.1\",\"reason\":\"stays\"}",
                    admin.csrf()).statusCode());
            assertEquals(400, admin.api("POST", "/api/bans", "{\"reason\":\"who?\"}", admin.csrf()).statusCode());
            assertEquals(403, admin.api("POST", "/api/bans", "{\"user\":\"x\",\"reason\":\"no token\"}", null).statusCode());
        }
        try (HeraldServer herald = HeraldServer.start(data, Map.of());
                SseSubscription refused = herald.subscribe("/events?channel=after-restart")) {
            assertEquals(204, refused.status());
        }
    }
}

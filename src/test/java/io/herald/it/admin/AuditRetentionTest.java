package io.herald.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.herald.it.support.AdminSession;
import io.herald.it.support.HeraldServer;
import io.herald.testing.Wait;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit entries older than {@code herald.audit.retention-days} are deleted by retention's pass, and
 * younger ones are kept: entries of 400 and of 2 days ago, written into Herald's own H2 database
 * beside a fresh sign-in, with a retention of 30 days.
 */
class AuditRetentionTest {

    @TempDir
    Path dir;

    @Test
    void entriesOlderThanTheRetentionAreDeletedAndYoungerOnesKept() throws Exception {
        try (HeraldServer herald = HeraldServer.start(dir, Map.of("herald.audit.retention-days", "30",
                "herald.retention.interval-ms", "1000"))) {
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("herald").toAbsolutePath()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
                    PreparedStatement ps = c.prepareStatement("INSERT INTO herald_audit (at, actor, address, action, target)"
                            + " VALUES (?, 'admin', '10.0.0.1', 'ban', ?)")) {
                for (int days : List.of(400, 2)) {
                    ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusDays(days));
                    ps.setString(2, "user from " + days + " days ago");
                    ps.executeUpdate();
                }
            }
            AdminSession admin = AdminSession.admin(herald);
            Wait.until(Duration.ofSeconds(30), "retention's pass to delete the old entry", () -> targets(admin).size() == 2);
            assertEquals(List.of("console", "user from 2 days ago"), targets(admin));
        }
    }

    private static List<String> targets(AdminSession admin) {
        return JsonParser.parseString(admin.get("/api/audit").body()).getAsJsonArray().asList().stream()
                .map(JsonElement::getAsJsonObject).map(o -> o.get("target").getAsString()).toList();
    }
}

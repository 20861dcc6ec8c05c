package io.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Settings come from system properties, then environment, then context parameters, then defaults. */
class SettingsTest {

    private static Settings load(Properties system, Map<String, String> env, Map<String, String> context) {
        return Settings.load(new SettingsSource(system, env, context::get));
    }

    @Test
    void defaultsNeedNothingConfigured() {
        Settings s = load(new Properties(), Map.of(), Map.of());
        assertEquals(3000, s.hub().retryMillis());
        assertEquals(15_000, s.hub().heartbeatMillis());
        assertEquals(65_536, s.maxBodyBytes());
        assertTrue(s.dbUrl().startsWith("jdbc:h2:file:"), s.dbUrl());
        assertTrue(s.dbUrl().contains("MODE=PostgreSQL"), s.dbUrl());
    }

    @Test
    void systemPropertyBeatsEnvironmentWhichBeatsContextParameter() {
        Properties system = new Properties();
        system.setProperty("herald.stream.retry-ms", "1000");
        Map<String, String> env = Map.of("HERALD_STREAM_RETRY_MS", "2000", "HERALD_STREAM_HEARTBEAT_MS", "20000");
        Map<String, String> context = Map.of("herald.stream.retry-ms", "3000", "herald.stream.heartbeat-ms", "30000",
                "herald.publish.max-body-bytes", "4096");
        Settings s = load(system, env, context);
        assertEquals(1000, s.hub().retryMillis());
        assertEquals(20_000, s.hub().heartbeatMillis());
        assertEquals(4096, s.maxBodyBytes());
    }

    @Test
    void theBodyTimeoutDefaultsToTenSecondsAndIsValidated() {
        assertEquals(10_000, load(new Properties(), Map.of(), Map.of()).bodyTimeoutMillis());
        assertEquals(2500, load(new Properties(), Map.of("HERALD_PUBLISH_BODY_TIMEOUT_MS", "2500"), Map.of()).bodyTimeoutMillis());
        InvalidSettingException tooShort = assertThrows(InvalidSettingException.class,
                () -> load(new Properties(), Map.of(), Map.of("herald.publish.body-timeout-ms", "50")));
        assertTrue(tooShort.getMessage().startsWith("herald.publish.body-timeout-ms must be a whole number from 100 to 600000"),
                tooShort.getMessage());
    }

    @Test
    void theShutdownReconnectSpreadDefaultsToTenSecondsAndRefusesNegativeValuesByName() {
        assertEquals(10_000, load(new Properties(), Map.of(), Map.of()).hub().reconnectSpreadMillis());
        assertEquals(0, load(new Properties(), Map.of("HERALD_SHUTDOWN_RECONNECT_SPREAD_MS", "0"), Map.of())
                .hub().reconnectSpreadMillis());
        InvalidSettingException negative = assertThrows(InvalidSettingException.class,
                () -> load(new Properties(), Map.of(), Map.of("herald.shutdown.reconnect-spread-ms", "-1")));
        assertTrue(negative.getMessage().startsWith("herald.shutdown.reconnect-spread-ms"), negative.getMessage());
    }

    @Test
    void theDataDirectoryPlacesTheDefaultH2File() {
        Settings s = load(new Properties(), Map.of("HERALD_DATA_DIR", "/srv/herald"), Map.of());
        assertTrue(s.dbUrl().startsWith("jdbc:h2:file:/srv/herald/herald;"), s.dbUrl());
    }

    @Test
    void badValuesFailWithTheSettingsName() {
        InvalidSettingException notNumber = assertThrows(InvalidSettingException.class,
                () -> load(new Properties(), Map.of(), Map.of("herald.stream.queue-capacity", "lots")));
        assertTrue(notNumber.getMessage().startsWith("herald.stream.queue-capacity must be a whole number"),
                notNumber.getMessage());
        InvalidSettingException tooBig = assertThrows(InvalidSettingException.class,
                () -> load(new Properties(), Map.of(), Map.of("herald.publish.max-body-bytes", "2000000")));
        assertTrue(tooBig.getMessage().contains("herald.publish.max-body-bytes"), tooBig.getMessage());
        InvalidSettingException url = assertThrows(InvalidSettingException.class,
                () -> load(new Properties(), Map.of(), Map.of("herald.db.url", "jdbc:mysql://x/y")));
        assertTrue(url.getMessage().startsWith("herald.db.url"), url.getMessage());
    }

    @Test
    void streamsAreBoundedInBytesByDefaultAndTheBudgetsAreValidated() {
        Settings s = load(new Properties(), Map.of(), Map.of());
        assertEquals(1024 * 1024, s.hub().queueMaxBytes());
        assertEquals(64L * 1024 * 1024, s.hub().catchUpMaxBytes());
        Settings set = load(new Properties(), Map.of("HERALD_STREAM_QUEUE_MAX_BYTES", "262144",
                "HERALD_STREAM_CATCHUP_MAX_BYTES", "16777216"), Map.of());
        assertEquals(262_144, set.hub().queueMaxBytes());
        assertEquals(16_777_216, set.hub().catchUpMaxBytes());
        InvalidSettingException tiny = assertThrows(InvalidSettingException.class,
                () -> load(new Properties(), Map.of(), Map.of("herald.stream.queue-max-bytes", "100")));
        assertTrue(tiny.getMessage().startsWith("herald.stream.queue-max-bytes"), tiny.getMessage());
        InvalidSettingException budget = assertThrows(InvalidSettingException.class,
                () -> load(new Properties(), Map.of(), Map.of("herald.stream.catchup-max-bytes", "64MB")));
        assertTrue(budget.getMessage().startsWith("herald.stream.catchup-max-bytes"), budget.getMessage());
    }

    @Test
    void aConfigurationFileSitsBetweenTheEnvironmentAndContextParameters(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("herald.properties");
        java.nio.file.Files.writeString(file, "# Herald\nherald.stream.retry-ms = 1500\nherald.stream.heartbeat-ms=25000\n"
                + "herald.access.default=public\n");
        Map<String, String> env = Map.of("HERALD_CONFIG", file.toString(), "HERALD_STREAM_HEARTBEAT_MS", "20000");
        Settings s = load(new Properties(), env, Map.of("herald.stream.retry-ms", "3000", "herald.publish.max-body-bytes", "4096"));
        assertEquals(1500, s.hub().retryMillis(), "the file beats the context parameter");
        assertEquals(20_000, s.hub().heartbeatMillis(), "the environment beats the file");
        assertEquals("public", s.defaultAccess());
        assertEquals(4096, s.maxBodyBytes());

        Properties system = new Properties();
        system.setProperty("herald.config", file.toString());
        assertEquals(1500, load(system, Map.of(), Map.of()).hub().retryMillis(), "named by a system property too");

        java.nio.file.Files.writeString(file, "heartbeat-ms=5\n");
        InvalidSettingException typo = assertThrows(InvalidSettingException.class, () -> load(system, Map.of(), Map.of()));
        assertTrue(typo.getMessage().contains("heartbeat-ms") && typo.getMessage().contains("herald.config"), typo.getMessage());
        system.setProperty("herald.config", dir.resolve("missing.properties").toString());
        InvalidSettingException missing = assertThrows(InvalidSettingException.class, () -> load(system, Map.of(), Map.of()));
        assertTrue(missing.getMessage().contains("missing.properties"), missing.getMessage());
    }

    @Test
    void publishingDefaultsAndLimits() {
        Settings.Publishing p = load(new Properties(), Map.of(), Map.of()).publishing();
        assertEquals(86_400, p.idempotencyWindowSeconds());
        assertEquals(1000, p.maxBatch());
        assertEquals(1_048_576, p.maxBatchBytes());
        InvalidSettingException batch = assertThrows(InvalidSettingException.class,
                () -> load(new Properties(), Map.of(), Map.of("herald.publish.max-batch", "0")));
        assertTrue(batch.getMessage().startsWith("herald.publish.max-batch must be a whole number from 1"), batch.getMessage());
    }

    @Test
    void outboxSourcesAreReadByNameAndEveryBadOneIsRefusedByItsSetting() {
        Settings s = load(new Properties(), Map.of("HERALD_OUTBOX_ORDERS_PASSWORD", "pw"), Map.of(
                "herald.outbox.sources", "orders, billing",
                "herald.outbox.orders.url", "jdbc:postgresql://127.0.0.1/shop?password=secret",
                "herald.outbox.orders.user", "shop",
                "herald.outbox.billing.jndi", "java:comp/env/jdbc/billing",
                "herald.outbox.billing.table", "billing.herald_outbox",
                "herald.outbox.billing.poll-ms", "1000"));
        assertEquals(2, s.outboxes().size());
        Settings.Outbox orders = s.outboxes().get(0);
        assertEquals("orders", orders.name());
        assertEquals("pw", orders.password(), "from the environment");
        assertEquals("herald_outbox", orders.table());
        assertEquals(200, orders.pollMillis());
        assertEquals(500, orders.batch());
        assertTrue(!orders.description().contains("secret") && !orders.toString().contains("pw"), orders.toString());
        assertEquals(1000, s.outboxes().get(1).pollMillis());
        assertEquals("billing.herald_outbox", s.outboxes().get(1).table());

        Map<Map<String, String>, String> bad = Map.of(
                Map.of("herald.outbox.sources", "Orders!"), "herald.outbox.sources",
                Map.of("herald.outbox.sources", "a,a", "herald.outbox.a.url", "jdbc:h2:mem:a"), "herald.outbox.sources",
                Map.of("herald.outbox.sources", "a"), "herald.outbox.a.url",
                Map.of("herald.outbox.sources", "a", "herald.outbox.a.url", "jdbc:h2:mem:a", "herald.outbox.a.jndi", "x"),
                "herald.outbox.a.url",
                Map.of("herald.outbox.sources", "a", "herald.outbox.a.url", "postgres://x"), "herald.outbox.a.url",
                Map.of("herald.outbox.sources", "a", "herald.outbox.a.url", "jdbc:h2:mem:a", "herald.outbox.a.table",
                        "outbox; DROP TABLE users"), "herald.outbox.a.table",
                Map.of("herald.outbox.sources", "a", "herald.outbox.a.url", "jdbc:h2:mem:a", "herald.outbox.a.poll-ms", "0"),
                "herald.outbox.a.poll-ms",
                Map.of("herald.outbox.sources", "a", "herald.outbox.a.url", "jdbc:h2:mem:a", "herald.outbox.a.batch", "5000"),
                "herald.outbox.a.batch");
        bad.forEach((context, setting) -> {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> load(new Properties(), Map.of(), context));
            assertTrue(e.getMessage().startsWith(setting + " "), context + " -> " + e.getMessage());
        });
    }

    @Test
    void tokenAndCookieSettingsThatCannotWorkStopTheStart() {
        Map<String, String> url = Map.of("herald.jwt.jwks-url", "https://sso.example/certs", "herald.jwt.issuer", "https://sso.example");
        InvalidSettingException noAudience = assertThrows(InvalidSettingException.class,
                () -> load(new Properties(), Map.of(), url));
        assertTrue(noAudience.getMessage().contains("herald.jwt.audience"), noAudience.getMessage());
        assertThrows(InvalidSettingException.class, () -> load(new Properties(), Map.of(), Map.of(
                "herald.jwt.jwks-url", "https://sso.example/certs", "herald.jwt.key-file", "/etc/keys.json")));
        assertThrows(InvalidSettingException.class, () -> load(new Properties(), Map.of(), Map.of(
                "herald.jwt.jwks-url", "ldap://sso.example", "herald.jwt.issuer", "i", "herald.jwt.audience", "a")));
        assertThrows(InvalidSettingException.class, () -> load(new Properties(), Map.of(), Map.of(
                "herald.session.same-site", "sometimes")));
        assertEquals("None",
                load(new Properties(), Map.of(), Map.of("herald.session.same-site", "none")).sessionSameSite());
        assertNull(load(new Properties(), Map.of(), Map.of()).jwt(), "tokens are off by default");
    }
}

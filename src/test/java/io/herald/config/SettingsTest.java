package io.herald.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}

package io.herald.config;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Where a setting's value comes from, strongest first: a system property ({@code herald.db.url}),
 * an environment variable ({@code HERALD_DB_URL}: upper case, dots and dashes as underscores), the
 * configuration file named by system property {@code herald.config} or environment variable
 * {@code HERALD_CONFIG} (Java properties), a context parameter of the webapp, then the default.
 */
final class SettingsSource {

    /** The setting that names the configuration file. */
    static final String CONFIG_FILE = "herald.config";

    private final Properties system;
    private final Map<String, String> env;
    private final UnaryOperator<String> contextParams;
    private final Properties file;

    SettingsSource(Properties system, Map<String, String> env, UnaryOperator<String> contextParams) {
        this.system = system;
        this.env = env;
        this.contextParams = contextParams;
        this.file = readFile(system.getProperty(CONFIG_FILE, env.get(envName(CONFIG_FILE))));
    }

    /** The configuration file's path, or null when none is named. */
    String configFile() {
        String path = system.getProperty(CONFIG_FILE, env.get(envName(CONFIG_FILE)));
        return path == null || path.isBlank() ? null : path.trim();
    }

    private static Properties readFile(String path) {
        Properties props = new Properties();
        if (path == null || path.isBlank()) {
            return props;
        }
        java.nio.file.Path file = java.nio.file.Path.of(path.trim());
        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new InvalidSettingException(CONFIG_FILE, "cannot read the configuration file " + file.toAbsolutePath()
                    + ": " + e.getMessage());
        }
        for (String name : props.stringPropertyNames()) {
            if (!name.startsWith("herald.")) {
                throw new InvalidSettingException(CONFIG_FILE, "the configuration file " + file.toAbsolutePath()
                        + " names '" + name + "', which is not a Herald setting (they start with herald.)");
            }
        }
        return props;
    }

    static String envName(String setting) {
        return setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The configured text, trimmed, or null when no source names it. */
    String get(String setting) {
        String value = system.getProperty(setting);
        if (value == null) {
            value = env.get(envName(setting));
        }
        if (value == null) {
            value = file.getProperty(setting);
        }
        if (value == null) {
            value = contextParams.apply(setting);
        }
        if (value == null) {
            return null;
        }
        value = value.trim();
        return value.isEmpty() ? null : value;
    }

    String get(String setting, String fallback) {
        String value = get(setting);
        return value == null ? fallback : value;
    }

    long number(String setting, long fallback, long min, long max) {
        String text = get(setting);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the setting's name
        }
        throw new InvalidSettingException(setting, "must be a whole number from " + min + " to " + max
                + ", got '" + text + "'");
    }
}

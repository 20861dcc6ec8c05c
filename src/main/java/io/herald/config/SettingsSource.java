package io.herald.config;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Where a setting's value comes from, strongest first: a system property ({@code herald.db.url}),
 * an environment variable ({@code HERALD_DB_URL}: upper case, dots and dashes as underscores), a
 * context parameter of the webapp, then the default.
 */
final class SettingsSource {

    private final Properties system;
    private final Map<String, String> env;
    private final UnaryOperator<String> contextParams;

    SettingsSource(Properties system, Map<String, String> env, UnaryOperator<String> contextParams) {
        this.system = system;
        this.env = env;
        this.contextParams = contextParams;
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

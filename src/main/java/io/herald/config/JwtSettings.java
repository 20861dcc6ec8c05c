package io.herald.config;

import io.herald.access.TokenVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code herald.jwt.*} settings: company tokens are off unless a JWKS URL or a key file is set. */
final class JwtSettings {

    private JwtSettings() {
    }

    /** The token settings, or null when tokens are off; a setting that cannot work stops the start. */
    static TokenVerifier.Config load(SettingsSource source) {
        String url = blankToNull(source.get("herald.jwt.jwks-url", null));
        String file = blankToNull(source.get("herald.jwt.key-file", null));
        if (url == null && file == null) {
            return null;
        }
        if (url != null && file != null) {
            throw new InvalidSettingException("herald.jwt.key-file", "set either herald.jwt.jwks-url or herald.jwt.key-file, not both");
        }
        if (url != null && !url.startsWith("https://") && !url.startsWith("http://")) {
            throw new InvalidSettingException("herald.jwt.jwks-url", "must be an https:// (or http://) URL, got '" + url + "'");
        }
        if (file != null && !Files.isReadable(Path.of(file))) {
            throw new InvalidSettingException("herald.jwt.key-file", "cannot read " + file);
        }
        String issuer = required(source, "herald.jwt.issuer");
        String audience = required(source, "herald.jwt.audience");
        return new TokenVerifier.Config(url, file == null ? null : Path.of(file), issuer, audience,
                source.get("herald.jwt.user-claim", "preferred_username"), source.get("herald.jwt.roles-claim", "roles"),
                roleMap(source.get("herald.jwt.role-map", "")));
    }

    private static String required(SettingsSource source, String name) {
        String value = blankToNull(source.get(name, null));
        if (value == null) {
            throw new InvalidSettingException(name, "must be set when tokens are on (herald.jwt.jwks-url or herald.jwt.key-file):"
                    + " a token for another issuer or another application must not pass");
        }
        return value;
    }

    /** {@code "Herald.Admin=herald-admin, apps=herald-publisher"}: a token role, and the role Herald knows it as. */
    private static Map<String, String> roleMap(String value) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.trim().length() - 1) {
                throw new InvalidSettingException("herald.jwt.role-map", "must be token-role=herald-role pairs separated by"
                        + " commas, got '" + pair.trim() + "'");
            }
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return map;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

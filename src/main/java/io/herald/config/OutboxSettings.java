package io.herald.config;

import io.herald.store.OutboxTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code herald.outbox.*} settings: the applications' outboxes Herald drains. */
final class OutboxSettings {

    private OutboxSettings() {
    }

    /** The sources {@code herald.outbox.sources} names (comma-separated), each checked now: a bad one stops the start. */
    static List<Settings.Outbox> load(SettingsSource source) {
        List<Settings.Outbox> outboxes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String part : source.get("herald.outbox.sources", "").split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!name.matches("[a-z0-9][a-z0-9-]{0,62}") || !seen.add(name)) {
                throw new InvalidSettingException("herald.outbox.sources", "must name each source once, in lower-case letters,"
                        + " digits and -, up to 63 characters, comma-separated; got '" + name + "'");
            }
            String prefix = "herald.outbox." + name + ".";
            String url = source.get(prefix + "url");
            String jndi = source.get(prefix + "jndi");
            if ((url == null) == (jndi == null)) {
                throw new InvalidSettingException(prefix + "url", "outbox " + name + " needs either " + prefix + "url (a JDBC URL)"
                        + " or " + prefix + "jndi (a DataSource name, e.g. java:comp/env/jdbc/app), not " + (url == null ? "neither"
                        : "both"));
            }
            if (url != null && !url.startsWith("jdbc:")) {
                throw new InvalidSettingException(prefix + "url", "must be a JDBC URL (jdbc:...), got '" + url + "'");
            }
            String table = source.get(prefix + "table", "herald_outbox");
            OutboxTable.problem(table).ifPresent(problem -> {
                throw new InvalidSettingException(prefix + "table", problem);
            });
            outboxes.add(new Settings.Outbox(name, url, source.get(prefix + "user"), source.get(prefix + "password"), jndi, table,
                    source.number(prefix + "poll-ms", 200, 10, 60_000),
                    (int) source.number(prefix + "batch", 500, 1, OutboxTable.MAX_ROWS)));
        }
        return List.copyOf(outboxes);
    }
}

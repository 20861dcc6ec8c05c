package io.herald.announce;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.herald.store.StoredMessage;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A message of event {@code announcement} on some channel, as the widget shows it. Its data:
 * <pre>{"severity":"warning","title":"Payroll down","text":"14:00-15:00","link":"https://…",
 *  "expiresAt":"2026-12-01T15:00:00Z"}</pre>
 * ({@code link} and {@code expiresAt} optional). With {@code "ack":true} it asks each user to
 * acknowledge it: the widget shows it until they do, and Herald keeps receipts ({@link Receipts}).
 * {@code "audience"} narrows it down to some roles or users ({@link Audience}).
 * Message {@code announcement-withdrawn} with {@code {"id":"41"}} withdraws announcement 41.
 */
public record Announcement(long id, String channel, String severity, String title, String text, String link,
        Instant expiresAt, Instant createdAt, boolean ack, Audience audience) {

    /** Where announcements go when nobody names a channel: the console's form and the API's default. */
    public static final String DEFAULT_CHANNEL = "announcements";
    public static final String EVENT = "announcement";
    public static final String WITHDRAWN_EVENT = "announcement-withdrawn";
    public static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
    public static final int MAX_TITLE = 200;
    public static final int MAX_TEXT = 2000;

    /** The announcement in a stored message's data, if it is one (anything malformed is no announcement). */
    static Optional<Announcement> parse(long id, String channel, String data, Instant createdAt) {
        try {
            JsonElement parsed = JsonParser.parseString(data);
            if (!parsed.isJsonObject()) {
                return Optional.empty();
            }
            JsonObject o = parsed.getAsJsonObject();
            String severity = text(o, "severity");
            String title = text(o, "title");
            String body = text(o, "text");
            if (severity == null || !SEVERITIES.contains(severity) || (title == null && body == null)) {
                return Optional.empty();
            }
            String expires = text(o, "expiresAt");
            JsonElement ack = o.get("ack");
            Optional<Audience> audience = Audience.parse(o.get("audience"));
            if (audience.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Announcement(id, channel, severity, title == null ? "" : title, body == null ? "" : body,
                    safeLink(text(o, "link")), expires == null ? null : Instant.parse(expires), createdAt,
                    ack != null && ack.isJsonPrimitive() && ack.getAsJsonPrimitive().isBoolean() && ack.getAsBoolean(),
                    audience.get()));
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The announcement {@code m} is, if it is one. */
    public static Optional<Announcement> of(StoredMessage m) {
        return EVENT.equals(m.event()) ? parse(m.id(), m.channel(), m.data(), m.createdAt()) : Optional.empty();
    }

    /** The id an {@code announcement-withdrawn} message names, or -1. */
    static long withdrawn(String data) {
        try {
            JsonElement parsed = JsonParser.parseString(data);
            return parsed.isJsonObject() && parsed.getAsJsonObject().has("id")
                    ? Long.parseLong(parsed.getAsJsonObject().get("id").getAsString()) : -1;
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            return -1;
        }
    }

    /** {@code link} when it is an absolute http or https URL, else null. */
    public static String safeLink(String link) {
        if (link == null || link.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(link.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri.toString() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    public boolean inForceAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }

    /** The data of this announcement, as published. */
    public static String data(String severity, String title, String text, String link, Instant expiresAt, boolean ack,
            Audience audience) {
        JsonObject o = new JsonObject();
        o.addProperty("severity", severity);
        o.addProperty("title", title);
        o.addProperty("text", text);
        if (link != null) {
            o.addProperty("link", link);
        }
        if (expiresAt != null) {
            o.addProperty("expiresAt", expiresAt.toString());
        }
        if (ack) {
            o.addProperty("ack", true);
        }
        if (audience.toJson() != null) {
            o.add("audience", audience.toJson());
        }
        return o.toString();
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("id", Long.toString(id));
        o.addProperty("channel", channel);
        o.addProperty("severity", severity);
        o.addProperty("title", title);
        o.addProperty("text", text);
        o.addProperty("link", link);
        o.addProperty("expiresAt", expiresAt == null ? null : expiresAt.toString());
        o.addProperty("createdAt", createdAt.toString());
        o.addProperty("ack", ack);
        o.add("audience", audience.toJson());
        return o;
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}

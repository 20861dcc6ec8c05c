package io.herald.announce;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.herald.hub.Audiences;
import io.herald.hub.Viewer;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whom an announcement is for: everyone who may read its channel, or only users with one of
 * some roles, or only some users by name. In an announcement's data as
 * {@code "audience":{"roles":["hr","payroll"]}} or {@code "audience":{"users":["olga","ivan"]}}
 * (absent: everyone). Streams, catch-up, history and the announcements API leave it out for
 * everyone else.
 */
public record Audience(Kind kind, Set<String> names) implements Audiences.Judge {

    public enum Kind { EVERYONE, ROLES, USERS }

    public static final Audience EVERYONE = new Audience(Kind.EVERYONE, Set.of());
    public static final int MAX_NAMES = 200;
    public static final int MAX_NAME = 256;

    public Audience {
        names = Set.copyOf(names);
    }

    /** The audience in an announcement's data, EVERYONE when it names none; empty when malformed. */
    static Optional<Audience> parse(JsonElement audience) {
        if (audience == null || audience.isJsonNull()) {
            return Optional.of(EVERYONE);
        }
        if (!audience.isJsonObject() || audience.getAsJsonObject().size() != 1) {
            return Optional.empty();
        }
        JsonObject o = audience.getAsJsonObject();
        Kind kind = o.has("roles") ? Kind.ROLES : o.has("users") ? Kind.USERS : null;
        JsonElement list = o.get(kind == Kind.ROLES ? "roles" : "users");
        if (kind == null || !list.isJsonArray()) {
            return Optional.empty();
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonElement e : list.getAsJsonArray()) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                return Optional.empty();
            }
            names.add(e.getAsString());
        }
        return Optional.of(new Audience(kind, names)).filter(a -> a.problem().isEmpty());
    }

    /** What is wrong with this audience, if anything: no names, too many, or a name empty or too long. */
    public Optional<String> problem() {
        if (kind == Kind.EVERYONE) {
            return Optional.empty();
        }
        if (names.isEmpty() || names.size() > MAX_NAMES) {
            return Optional.of("an audience names 1 to " + MAX_NAMES + " " + (kind == Kind.ROLES ? "roles" : "users"));
        }
        for (String n : names) {
            if (n.isBlank() || n.length() > MAX_NAME) {
                return Optional.of("each name in an audience has 1 to " + MAX_NAME + " characters");
            }
        }
        return Optional.empty();
    }

    /** The audience as data, or null for everyone. */
    JsonObject toJson() {
        if (kind == Kind.EVERYONE) {
            return null;
        }
        JsonArray list = new JsonArray();
        names.forEach(list::add);
        JsonObject o = new JsonObject();
        o.add(kind == Kind.ROLES ? "roles" : "users", list);
        return o;
    }

    /**
     * Whether {@code viewer} is in: always for everyone; by name; by role, when the viewer's stream
     * or request was asked about the role ({@code UNKNOWN} when not, so it is judged again).
     */
    @Override
    public Audiences.Verdict of(Viewer viewer) {
        return switch (kind) {
            case EVERYONE -> Audiences.Verdict.IN;
            case USERS -> viewer.user() != null && names.contains(viewer.user()) ? Audiences.Verdict.IN : Audiences.Verdict.OUT;
            case ROLES -> roles(viewer);
        };
    }

    private Audiences.Verdict roles(Viewer viewer) {
        if (viewer.user() == null) {
            return Audiences.Verdict.OUT;
        }
        boolean known = true;
        for (String role : names) {
            if (viewer.roles().contains(role)) {
                return Audiences.Verdict.IN;
            }
            known &= viewer.checkedRoles().contains(role);
        }
        return known ? Audiences.Verdict.OUT : Audiences.Verdict.UNKNOWN;
    }

    /** Whether a user with {@code roles} is in (for the directory: roles as last seen). */
    public boolean includes(String user, Set<String> roles) {
        return switch (kind) {
            case EVERYONE -> true;
            case USERS -> names.contains(user);
            case ROLES -> roles.stream().anyMatch(names::contains);
        };
    }
}

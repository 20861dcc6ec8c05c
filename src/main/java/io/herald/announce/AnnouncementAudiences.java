package io.herald.announce;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.herald.hub.Audiences;
import io.herald.hub.Viewer;
import io.herald.store.StoredMessage;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audiences of announcements, for the hub (fan-out, catch-up) and for the APIs that list
 * messages. An announcement whose audience cannot be read is for nobody (it fails closed). Keeps
 * the role names audiences have named (at most {@value #ROLES_KEPT}), so that a stream or request
 * is asked about them when it opens ({@link #roleNames}).
 */
public final class AnnouncementAudiences implements Audiences {

    static final int ROLES_KEPT = 1000;
    private static final Audiences.Judge NOBODY = viewer -> Audiences.Verdict.OUT;

    private final Set<String> roles = ConcurrentHashMap.newKeySet();

    @Override
    public Audiences.Judge of(StoredMessage message) {
        if (!Announcement.EVENT.equals(message.event()) || !message.data().contains("\"audience\"")) {
            return null;
        }
        Optional<Audience> audience;
        try {
            JsonElement data = JsonParser.parseString(message.data());
            audience = data.isJsonObject() ? Audience.parse(data.getAsJsonObject().get("audience")) : Optional.of(Audience.EVERYONE);
        } catch (JsonParseException | IllegalStateException e) {
            audience = Optional.of(Audience.EVERYONE); // not an announcement the widget shows; not narrowed
        }
        if (audience.isEmpty()) {
            return NOBODY;
        }
        learn(audience.get());
        return audience.get().kind() == Audience.Kind.EVERYONE ? null : audience.get();
    }

    /** Learns the roles the audiences of {@code found} name. */
    public void learn(Collection<Announcement> found) {
        found.forEach(a -> learn(a.audience()));
    }

    private void learn(Audience audience) {
        if (audience.kind() == Audience.Kind.ROLES && roles.size() < ROLES_KEPT) {
            roles.addAll(audience.names());
        }
    }

    /** The role names audiences have named so far. */
    public Set<String> roleNames() {
        return Set.copyOf(roles);
    }

    /** Whether {@code viewer} may see announcement {@code a}: admins always (the console), else as its audience says. */
    public static boolean shows(Announcement a, Viewer viewer) {
        return viewer.isAdmin() || a.audience().of(viewer) == Audiences.Verdict.IN;
    }
}

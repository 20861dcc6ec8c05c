package io.herald.access;

import io.herald.hub.ChannelGate;
import io.herald.hub.CloseReason;
import io.herald.hub.Hub;
import io.herald.hub.Viewer;
import io.herald.store.AccessStore;
import io.herald.store.Actor;
import io.herald.protocol.ChannelPatterns;
import io.herald.store.ChannelRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Who may see which channel: rules from the database (mirrored in memory), the most specific one
 * applying — a rule naming the channel itself, else the {@code prefix*} rule with the longest
 * prefix, else the default. {@code user/NAME} channels are private to user NAME whatever the rules.
 * Administrators ({@code herald-admin}) see every channel but other users' private ones.
 * Changing a rule closes, at once and before any later message is fanned out, every open stream
 * that may no longer see one of its channels.
 */
public final class AccessRules {

    /** What a viewer gets for a channel. */
    public enum Decision { ALLOW, UNAUTHENTICATED, FORBIDDEN }

    public static final String PUBLIC = "public";
    public static final String AUTHENTICATED = "authenticated";
    public static final String ROLE_PREFIX = "role:";
    public static final String USER_CHANNEL_PREFIX = "user/";

    private final AccessStore store;
    private final Hub hub;
    private final String defaultAccess;
    private final Supplier<Set<String>> otherRoles;
    private volatile List<ChannelRule> rules;

    public AccessRules(AccessStore store, Hub hub, String defaultAccess) {
        this(store, hub, defaultAccess, Set::of);
    }

    /** As above; {@code otherRoles} names roles asked about elsewhere (announcements' audiences), checked with the rules' own. */
    public AccessRules(AccessStore store, Hub hub, String defaultAccess, Supplier<Set<String>> otherRoles) {
        if (!isValidAccess(defaultAccess)) {
            throw new IllegalArgumentException("default access must be public, authenticated or role:NAME: " + defaultAccess);
        }
        this.store = store;
        this.hub = hub;
        this.defaultAccess = defaultAccess;
        this.otherRoles = otherRoles;
        this.rules = List.copyOf(store.rules());
    }

    public static boolean isValidAccess(String access) {
        if (access == null) {
            return false;
        }
        if (access.equals(PUBLIC) || access.equals(AUTHENTICATED)) {
            return true;
        }
        return access.startsWith(ROLE_PREFIX) && access.length() > ROLE_PREFIX.length() && access.length() <= 200
                && access.substring(ROLE_PREFIX.length()).matches("[A-Za-z0-9._:-]+");
    }

    /** A channel name, or a prefix followed by {@code *}. */
    public static boolean isValidPattern(String pattern) {
        if (pattern == null || pattern.isEmpty() || pattern.length() > 129) {
            return false;
        }
        String name = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
        return name.isEmpty() || io.herald.protocol.Names.isValidChannel(name);
    }

    public List<ChannelRule> all() {
        return rules;
    }

    public String defaultAccess() {
        return defaultAccess;
    }

    /** The role names the current rules and the default ask about, those asked about elsewhere, plus herald-admin. */
    public Set<String> roleNames() {
        Set<String> names = new LinkedHashSet<>();
        names.add(Viewer.ADMIN_ROLE);
        names.addAll(otherRoles.get());
        if (defaultAccess.startsWith(ROLE_PREFIX)) {
            names.add(defaultAccess.substring(ROLE_PREFIX.length()));
        }
        for (ChannelRule r : rules) {
            if (r.access().startsWith(ROLE_PREFIX)) {
                names.add(r.access().substring(ROLE_PREFIX.length()));
            }
        }
        return names;
    }

    /** The rule that applies to {@code channel}, if any (else the default applies). */
    public Optional<ChannelRule> ruleFor(String channel) {
        return ruleIn(rules, channel);
    }

    private static Optional<ChannelRule> ruleIn(List<ChannelRule> current, String channel) {
        ChannelRule best = null;
        int bestLength = -1;
        for (ChannelRule r : current) {
            String p = r.pattern();
            if (p.equals(channel)) {
                return Optional.of(r);
            }
            if (p.endsWith("*") && channel.startsWith(p.substring(0, p.length() - 1)) && p.length() - 1 > bestLength) {
                best = r;
                bestLength = p.length() - 1;
            }
        }
        return Optional.ofNullable(best);
    }

    public boolean presenceOn(String channel) {
        return !channel.startsWith(USER_CHANNEL_PREFIX) && ruleFor(channel).map(ChannelRule::presence).orElse(false);
    }

    public Decision decide(String channel, Viewer viewer) {
        return decide(rules, channel, viewer);
    }

    /** The worst decision over all {@code channels}. */
    public Decision decide(Set<String> channels, Viewer viewer) {
        Decision worst = Decision.ALLOW;
        for (String channel : channels) {
            Decision d = decide(channel, viewer);
            if (d == Decision.UNAUTHENTICATED || (d == Decision.FORBIDDEN && worst == Decision.ALLOW)) {
                worst = d;
            }
        }
        return worst;
    }

    private Decision decide(List<ChannelRule> current, String channel, Viewer viewer) {
        if (ChannelPatterns.isPattern(channel)) {
            return decidePattern(current, channel, viewer);
        }
        if (channel.startsWith(USER_CHANNEL_PREFIX)) {
            if (!viewer.isAuthenticated()) {
                return Decision.UNAUTHENTICATED;
            }
            return channel.substring(USER_CHANNEL_PREFIX.length()).equals(viewer.user()) ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        return decideAccess(ruleIn(current, channel).map(ChannelRule::access).orElse(defaultAccess), viewer);
    }

    /**
     * A pattern ({@code orders/*}) is allowed when some channel it covers could be read: under the
     * rule that governs its prefix, under a more specific rule beneath it, or as the viewer's own
     * private channel. What it delivers is then decided channel by channel ({@link #gate}), so the
     * pattern never reads more than the channels themselves would allow. Else the best refusal:
     * {@code UNAUTHENTICATED} when signing in could help.
     */
    private Decision decidePattern(List<ChannelRule> current, String pattern, Viewer viewer) {
        String prefix = ChannelPatterns.prefix(pattern);
        List<Decision> possible = new ArrayList<>();
        ChannelRule governing = null;
        for (ChannelRule r : current) {
            String p = r.pattern();
            if (p.endsWith("*")) {
                String rulePrefix = p.substring(0, p.length() - 1);
                if (prefix.startsWith(rulePrefix)) {
                    if (governing == null || rulePrefix.length() > governing.pattern().length() - 1) {
                        governing = r;
                    }
                } else if (rulePrefix.startsWith(prefix)) {
                    possible.add(decideAccess(r.access(), viewer));
                }
            } else if (ChannelPatterns.covers(pattern, p) && !p.startsWith(USER_CHANNEL_PREFIX)) {
                possible.add(decideAccess(r.access(), viewer));
            }
        }
        possible.add(decideAccess(governing == null ? defaultAccess : governing.access(), viewer));
        if (USER_CHANNEL_PREFIX.startsWith(prefix) || prefix.startsWith(USER_CHANNEL_PREFIX)) {
            possible.add(!viewer.isAuthenticated() ? Decision.UNAUTHENTICATED
                    : ChannelPatterns.covers(pattern, USER_CHANNEL_PREFIX + viewer.user()) ? Decision.ALLOW : Decision.FORBIDDEN);
        }
        if (possible.contains(Decision.ALLOW)) {
            return Decision.ALLOW;
        }
        return possible.contains(Decision.UNAUTHENTICATED) ? Decision.UNAUTHENTICATED : Decision.FORBIDDEN;
    }

    /**
     * What {@code viewer} may read of the channels its patterns bring it: each channel decided as
     * if named on its own, remembered until the rules change ({@link ViewerGate}).
     */
    public ChannelGate gate(Viewer viewer) {
        return new ViewerGate(() -> rules, (current, channel) -> decide(current, channel, viewer) == Decision.ALLOW);
    }

    private static Decision decideAccess(String access, Viewer viewer) {
        if (access.equals(PUBLIC)) {
            return Decision.ALLOW;
        }
        if (!viewer.isAuthenticated()) {
            return Decision.UNAUTHENTICATED;
        }
        if (access.equals(AUTHENTICATED) || viewer.isAdmin()) {
            return Decision.ALLOW;
        }
        String role = access.substring(ROLE_PREFIX.length());
        return viewer.roles().contains(role) ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    /** Adds or replaces a rule, then closes the streams it shuts out; returns the rule and how many it closed. */
    public synchronized Changed put(String pattern, String access, boolean presence, Actor by) {
        ChannelRule rule = store.putRule(pattern, access, presence, by);
        Changed changed = new Changed(rule, reload());
        store.announceChange();
        return changed;
    }

    public synchronized Optional<Changed> remove(long id, Actor by) {
        Optional<ChannelRule> removed = store.removeRule(id, by);
        Optional<Changed> changed = removed.map(r -> new Changed(r, reload()));
        store.announceChange();
        return changed;
    }

    /** Reads the rules again (another node changed them) and closes the streams they shut out here. */
    public synchronized void refresh() {
        reload();
    }

    private int reload() {
        List<ChannelRule> fresh = List.copyOf(store.rules());
        return hub.revise(() -> rules = fresh, s -> {
            for (String channel : s.channels()) {
                if (decide(fresh, channel, s.info().viewer()) != Decision.ALLOW) {
                    return true;
                }
            }
            return false;
        }, CloseReason.FORBIDDEN);
    }

    public record Changed(ChannelRule rule, int connectionsClosed) {
    }
}

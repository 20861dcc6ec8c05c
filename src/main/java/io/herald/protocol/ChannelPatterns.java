package io.herald.protocol;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Subscriptions to every channel under a prefix: {@code orders/*} reads {@code orders/17} and
 * {@code orders/eu/17} (any depth), now and future ones, but not {@code orders} itself. The prefix
 * is a channel name, so a pattern is at most 130 characters; {@code *} is never part of a channel
 * name, so a pattern cannot be confused with one.
 *
 * <pre>
 * isPattern("orders/*")                       -&gt; true
 * covers("orders/*", "orders/eu/17")          -&gt; true
 * covers("orders/*", "orders")                -&gt; false
 * normalized([orders/*, orders/17, orders/eu/*, news]) -&gt; [orders/*, news]
 * </pre>
 */
public final class ChannelPatterns {

    /** What ends a pattern. */
    public static final String SUFFIX = "/*";

    private ChannelPatterns() {
    }

    public static boolean isPattern(String subscription) {
        return subscription.endsWith(SUFFIX);
    }

    /** What every channel a pattern covers starts with: {@code orders/} for {@code orders/*}. */
    public static String prefix(String pattern) {
        return pattern.substring(0, pattern.length() - 1);
    }

    /** True when {@code subscription} is {@code channel} itself, or a pattern that covers it. */
    public static boolean covers(String subscription, String channel) {
        if (!isPattern(subscription)) {
            return subscription.equals(channel);
        }
        String prefix = prefix(subscription);
        return channel.length() > prefix.length() && channel.startsWith(prefix);
    }

    /**
     * Why {@code subscription} is neither a channel name nor a pattern; empty when it is one. A
     * pattern's reason names the prefix ({@code pattern prefix may hold only ...}); a {@code *}
     * anywhere else is named as a pattern gone wrong.
     */
    public static Optional<String> problem(String subscription) {
        if (subscription != null && isPattern(subscription)) {
            String name = subscription.substring(0, subscription.length() - SUFFIX.length());
            return Names.channelProblem(name).map(reason -> "pattern prefix " + reason.substring("channel ".length()));
        }
        if (subscription != null && subscription.indexOf('*') >= 0 && subscription.length() <= Names.MAX_LENGTH + 2) {
            return Optional.of("a pattern is a channel name followed by /* (such as orders/*); " + subscription + " is not one");
        }
        return Names.channelProblem(subscription);
    }

    /**
     * The subscriptions without those another one covers, in the order given, so that every channel
     * matches at most one of them: a message then reaches a stream once, whichever way it matches.
     */
    public static Set<String> normalized(Set<String> subscriptions) {
        Set<String> kept = new LinkedHashSet<>();
        for (String s : subscriptions) {
            if (!coveredByAnother(s, subscriptions)) {
                kept.add(s);
            }
        }
        return kept;
    }

    private static boolean coveredByAnother(String s, Set<String> all) {
        String channelPart = isPattern(s) ? prefix(s) : s;
        for (String other : all) {
            if (!other.equals(s) && isPattern(other) && covers(other, channelPart)) {
                return true;
            }
        }
        return false;
    }
}

package io.herald.access;

import io.herald.hub.ChannelGate;
import io.herald.store.ChannelRule;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * One viewer's {@link ChannelGate}: each channel decided under the current rules, and remembered
 * (at most {@value #MEMORY} channels) until the rules change; a new rule list starts a new memory,
 * so a decision taken under old rules is never used under new ones.
 */
final class ViewerGate implements ChannelGate {

    private static final int MEMORY = 1024;

    /** The decisions taken under one list of rules. */
    private record Memory(List<ChannelRule> rules, Map<String, Boolean> decided) {
    }

    private final Supplier<List<ChannelRule>> rules;
    private final BiPredicate<List<ChannelRule>, String> allows;
    private volatile Memory memory = new Memory(List.of(), new ConcurrentHashMap<>());

    /** {@code rules}: the current list; {@code allows}: whether a list lets this viewer read a channel. */
    ViewerGate(Supplier<List<ChannelRule>> rules, BiPredicate<List<ChannelRule>, String> allows) {
        this.rules = rules;
        this.allows = allows;
    }

    @Override
    public boolean mayRead(String channel) {
        List<ChannelRule> current = rules.get();
        Memory m = memory;
        if (m.rules() != current) {
            m = new Memory(current, new ConcurrentHashMap<>());
            memory = m;
        }
        Boolean allowed = m.decided().get(channel);
        if (allowed == null) {
            allowed = allows.test(current, channel);
            if (m.decided().size() < MEMORY) {
                m.decided().put(channel, allowed);
            }
        }
        return allowed;
    }
}

package io.herald.hub;

import java.util.List;

/** Presence across the nodes of a cluster: each node reports its own joins and leaves, and asks who is present. */
public interface SharedPresence {

    /**
     * {@code user} opened its first stream on {@code channel} on this node ({@code present}) or
     * closed its last one. Called in the order the changes happened, under the hub's lock: must not block.
     */
    void changed(String channel, String user, boolean present);

    /** The users present on {@code channel} on any live node, sorted. */
    List<String> users(String channel);
}

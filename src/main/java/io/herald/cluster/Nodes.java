package io.herald.cluster;

import io.herald.hub.CloseReason;
import java.util.List;
import java.util.Optional;

/**
 * The nodes serving this Herald: one, or every live node of a cluster. The admin console lists
 * and kicks connections through it, whichever node holds them.
 */
public interface Nodes {

    /** This node's id ({@code herald.node.id}). */
    String self();

    /** The open connections of every node that answered, by node and id. */
    Connections connections();

    /** Connection {@code id} of {@code node}, if it is open. */
    Optional<ConnectionView> find(String node, long id);

    /** Closes connection {@code id} of {@code node} with reason {@code kicked}; false when it is not open. */
    boolean kick(String node, long id);

    /** What {@link #connections()} found: the connections, the nodes asked, and those that did not answer in time. */
    record Connections(List<ConnectionView> all, List<String> nodes, List<String> silent) {
    }

    /**
     * Closes the streams opened with container session {@code session} ({@link
     * io.herald.hub.ConnectionInfo#nameKey}) with {@code reason}, on every node: on this one at
     * once, on the others as soon as each reads the command (it does not wait for them). Returns
     * how many it closed here.
     */
    int closeSession(long session, CloseReason reason);

    /**
     * Closes the streams of user {@code user} with {@code reason} on every node (this one at once,
     * the others as soon as each reads the command); returns how many it closed here.
     */
    int closeUser(String user, CloseReason reason);

    /** {@code node} is not a live node of this cluster, or did not answer in time. */
    final class Unavailable extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final boolean known;

        public Unavailable(String message, boolean known) {
            super(message);
            this.known = known;
        }

        /** 504 when the node is alive but did not answer; 404 when no such node is alive. */
        public int status() {
            return known ? 504 : 404;
        }

        /** The admin API's short error phrase for {@link #status()}. */
        public String error() {
            return known ? "node silent" : "not found";
        }
    }
}

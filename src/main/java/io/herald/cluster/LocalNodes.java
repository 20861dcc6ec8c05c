package io.herald.cluster;

import io.herald.hub.CloseReason;
import io.herald.hub.ConnectionInfo;
import io.herald.hub.Hub;
import io.herald.hub.Subscriber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** One node: its own hub's connections. The cluster's implementation asks the other nodes too. */
public final class LocalNodes implements Nodes {

    private final Hub hub;
    private final String self;

    public LocalNodes(Hub hub, String self) {
        this.hub = hub;
        this.self = self;
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public Connections connections() {
        return new Connections(local(), List.of(self), List.of());
    }

    /** This node's connections, by id. */
    public List<ConnectionView> local() {
        List<ConnectionView> views = new ArrayList<>();
        for (Subscriber s : hub.subscribers()) {
            views.add(ConnectionView.of(self, s));
        }
        views.sort(Comparator.comparingLong(ConnectionView::id));
        return views;
    }

    @Override
    public Optional<ConnectionView> find(String node, long id) {
        checkSelf(node);
        return hub.find(id).map(s -> ConnectionView.of(self, s));
    }

    @Override
    public boolean kick(String node, long id) {
        checkSelf(node);
        Optional<Subscriber> s = hub.find(id);
        s.ifPresent(found -> hub.close(found, CloseReason.KICKED));
        return s.isPresent();
    }

    @Override
    public int closeSession(long session, CloseReason reason) {
        return session == 0 ? 0 : hub.closeWhere(s -> s.info().session() == session, reason);
    }

    @Override
    public int closeUser(String user, CloseReason reason) {
        return hub.closeWhere(s -> user.equals(s.info().user()), reason);
    }

    /** Closes the streams whose user's {@link ConnectionInfo#nameKey key} is {@code userKey}: a user named across nodes. */
    int closeUserKey(long userKey, CloseReason reason) {
        return hub.closeWhere(s -> s.info().user() != null && ConnectionInfo.nameKey(s.info().user()) == userKey, reason);
    }

    private void checkSelf(String node) {
        if (!self.equals(node)) {
            throw new Unavailable("there is no node " + node + " (this Herald runs one node, " + self + ")", false);
        }
    }
}

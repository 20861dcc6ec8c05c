package io.herald.web;

import io.herald.cluster.Nodes;
import io.herald.hub.CloseReason;
import io.herald.hub.ConnectionInfo;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/**
 * A stream never outlives the container session it was opened with: when the session ends
 * (logout, invalidation, timeout) its streams close with reason {@code logged-out}, on every node
 * (a ticket issued in the session may have opened a stream on another). When the session's id
 * changes, or another login replaces the session's (a new login in the same browser: Jetty keeps
 * the id of a session that was logged in already and replaces the login it keeps in the session),
 * they close with reason {@code reauth}: the browser reconnects as whoever is logged in now.
 */
public final class SessionEnds implements HttpSessionListener, HttpSessionIdListener, HttpSessionAttributeListener {

    /** Where Jetty keeps a session's login ({@code SessionAuthentication.AUTHENTICATED_ATTRIBUTE}). */
    static final String JETTY_LOGIN = "org.eclipse.jetty.security.UserIdentity";

    private static final System.Logger LOG = System.getLogger(SessionEnds.class.getName());

    private final Nodes nodes;

    public SessionEnds(Nodes nodes) {
        this.nodes = nodes;
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        close(event.getSession().getId(), CloseReason.LOGGED_OUT);
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        close(oldSessionId, CloseReason.REAUTH);
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        if (JETTY_LOGIN.equals(event.getName())) {
            close(event.getSession().getId(), CloseReason.REAUTH);
        }
    }

    private void close(String sessionId, CloseReason reason) {
        try {
            nodes.closeSession(ConnectionInfo.nameKey(sessionId), reason);
        } catch (RuntimeException e) {
            // The session ends regardless; its streams then end at their maximum age.
            LOG.log(System.Logger.Level.WARNING, "closing the streams of an ended session on every node failed: "
                    + e.getMessage());
        }
    }
}

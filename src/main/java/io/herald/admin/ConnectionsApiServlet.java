package io.herald.admin;

import io.herald.hub.CloseReason;
import io.herald.hub.Hub;
import io.herald.hub.Subscriber;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/connections[?channel=&address=&user=]}: live connections as JSON;
 * {@code DELETE /api/connections/{id}}: kick one ({@code 204}; {@code 404} when it is not open).
 */
public final class ConnectionsApiServlet extends AdminServlet {

    private final transient Hub hub;

    public ConnectionsApiServlet(Hub hub) {
        this.hub = hub;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
            Optional<Subscriber> s = hub.find(number(req.getPathInfo().substring(1)));
            if (s.isEmpty()) {
                AdminJson.sendError(resp, 404, "not found", "no open connection " + req.getPathInfo().substring(1));
            } else {
                AdminJson.send(resp, 200, AdminJson.connection(s.get()));
            }
            return;
        }
        List<Subscriber> all = new ArrayList<>(hub.subscribers());
        all.sort(Comparator.comparingLong(Subscriber::id));
        AdminJson.send(resp, 200, AdminJson.connections(ConnectionsServlet.matching(all,
                param(req, "channel"), param(req, "address"), param(req, "user"))));
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        long id = path == null ? -1 : number(path.substring(1));
        if (id < 0) {
            AdminJson.sendError(resp, 400, "bad request", "DELETE /api/connections/{id} needs a connection id");
            return;
        }
        Optional<Subscriber> s = hub.find(id);
        if (s.isEmpty()) {
            AdminJson.sendError(resp, 404, "not found", "no open connection " + id);
            return;
        }
        hub.close(s.get(), CloseReason.KICKED);
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}

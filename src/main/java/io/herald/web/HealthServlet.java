package io.herald.web;

import com.google.gson.JsonObject;
import io.herald.http.ApiError;
import io.herald.http.ApiServlet;
import io.herald.http.JsonReply;
import io.herald.hub.Hub;
import io.herald.store.MessageLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /health/live}: Herald runs ({@code 200}). {@code GET /health/ready}: it can serve,
 * the database answers ({@code 200}, else {@code 503}). {@code GET /health}: both, one JSON:
 * {@code {"status":"UP","live":true,"ready":true,"database":"UP","connections":12}}.
 */
public final class HealthServlet extends ApiServlet {

    private final transient Hub hub;
    private final transient MessageLog log;
    private final String dataSource;

    /** {@code dataSource} names the database in use for the answer (the JNDI name, or Herald's own pool). */
    public HealthServlet(Hub hub, MessageLog log, String dataSource) {
        super("GET");
        this.hub = hub;
        this.log = log;
        this.dataSource = dataSource;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        JsonObject body = new JsonObject();
        if (path.equals("/live")) {
            body.addProperty("status", "UP");
            JsonReply.send(resp, 200, body);
            return;
        }
        if (!path.equals("/") && !path.equals("/ready")) {
            JsonReply.sendError(resp, new ApiError(404, "not found", "health checks: /health, /health/live, /health/ready"));
            return;
        }
        String database;
        try {
            log.lastId();
            database = "UP";
        } catch (RuntimeException e) {
            database = "DOWN: " + e.getMessage();
        }
        boolean ready = database.equals("UP");
        body.addProperty("status", ready ? "UP" : "DOWN");
        body.addProperty("live", true);
        body.addProperty("ready", ready);
        body.addProperty("database", database);
        body.addProperty("dataSource", dataSource);
        body.addProperty("connections", hub.gauges().connectionCount());
        JsonReply.send(resp, ready ? 200 : 503, body);
    }
}

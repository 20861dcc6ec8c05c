package io.herald.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.herald.http.JsonReply;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /admin/stats}: the last 15 minutes of dashboard samples as JSON, oldest first. */
public final class StatsServlet extends AdminServlet {

    private final transient Stats stats;

    public StatsServlet(Stats stats) {
        this.stats = stats;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JsonArray samples = new JsonArray();
        for (Stats.Sample s : stats.history()) {
            samples.add(Stats.json(s, null));
        }
        JsonObject body = new JsonObject();
        body.add("samples", samples);
        body.add("now", Stats.json(stats.now(), null));
        JsonReply.send(resp, 200, body);
    }
}

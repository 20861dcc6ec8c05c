package io.herald.admin;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.herald.access.AuditTrail;
import io.herald.http.NotStored;
import io.herald.http.PublishAndWait;
import io.herald.http.RequestIdentity;
import io.herald.hub.Hub;
import io.herald.protocol.Frames;
import io.herald.protocol.Names;
import io.herald.store.AuditActions;
import io.herald.store.MessageHistory;
import io.herald.store.NewMessage;
import io.herald.store.StoredMessage;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code /admin/broadcast}: the form. "Preview" shows the exact frame; "Send" stores the message
 * and redirects to {@code ?sent=ID} (post/redirect/get: reloading the result does not send again).
 */
public final class BroadcastServlet extends AdminServlet {

    static final int MAX_DATA_CHARS = 65_536;

    private final transient Hub hub;
    private final transient MessageHistory log;
    private final transient PublishAndWait publisher;
    private final transient AuditTrail audit;

    public BroadcastServlet(Hub hub, MessageHistory log, long publishTimeoutMillis, AuditTrail audit) {
        this.audit = audit;
        this.hub = hub;
        this.log = log;
        this.publisher = new PublishAndWait(hub, publishTimeoutMillis);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        long sent = number(req.getParameter("sent"));
        if (sent > 0) {
            log.find(sent).ifPresent(m -> req.setAttribute("sent", m));
        }
        req.setAttribute("form", new Form(param(req, "channel"), null, "", false));
        show(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        req.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Form form = new Form(param(req, "channel"), param(req, "event"),
                req.getParameter("data") == null ? "" : req.getParameter("data"), req.getParameter("json") != null);
        req.setAttribute("form", form);
        List<String> errors = form.errors();
        if (!errors.isEmpty()) {
            req.setAttribute("errors", errors);
            resp.setStatus(400);
            show(req, resp);
            return;
        }
        if (!"send".equals(req.getParameter("action"))) {
            req.setAttribute("preview", form.frame());
            show(req, resp);
            return;
        }
        StoredMessage stored;
        try {
            stored = publisher.publish(new NewMessage(form.channel(), form.event(), form.data()).by(req.getRemoteUser()));
        } catch (NotStored e) {
            req.setAttribute("errors", List.of(sentence(e)));
            resp.setStatus(503);
            show(req, resp);
            return;
        }
        audit.record(RequestIdentity.actor(req), AuditActions.BROADCAST, form.channel(), null, "message " + stored.id()
                + (form.event() == null ? "" : ", event " + form.event()) + ": " + form.data());
        redirect(req, resp, "/admin/broadcast?sent=" + stored.id(), null);
    }

    private void show(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        TreeSet<String> known = new TreeSet<>(hub.gauges().subscriberCounts().keySet());
        known.remove(Stats.CHANNEL);
        known.addAll(log.channels(100));
        req.setAttribute("knownChannels", new ArrayList<>(known));
        render(req, resp, "broadcast", "Broadcast");
    }

    /** What the form holds; {@code json}: the data must be valid JSON. */
    public record Form(String channel, String event, String data, boolean json) {

        List<String> errors() {
            List<String> errors = new ArrayList<>();
            if (channel == null) {
                errors.add("Channel is required.");
            } else {
                Names.channelProblem(channel).ifPresent(p -> errors.add(sentence(p)));
            }
            if (event != null) {
                Names.eventNameProblem(event).ifPresent(p -> errors.add(sentence(p)));
            }
            if (data.isEmpty()) {
                errors.add("Data is required.");
            } else if (data.length() > MAX_DATA_CHARS) {
                errors.add("Data is longer than " + MAX_DATA_CHARS + " characters.");
            } else if (json) {
                try {
                    JsonParser.parseString(data);
                } catch (JsonParseException e) {
                    errors.add("Data is not valid JSON: " + e.getMessage());
                }
            }
            return errors;
        }

        /** The frame as subscribers will receive it; {@code N} stands for the id assigned when stored. */
        public String frame() {
            return new String(Frames.encode(event, data, "N"), StandardCharsets.UTF_8);
        }
    }
}

package io.herald.admin;

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
import java.util.Optional;

/**
 * {@code /admin/messages}: stored messages, newest first, filtered by channel and text, 50 a page
 * ({@code before=ID} pages back); {@code /admin/messages/ID}: one message in full;
 * {@code POST /admin/messages/ID/republish}: publishes a copy under a new id.
 */
public final class HistoryServlet extends AdminServlet {

    static final int PAGE = 50;
    private static final int PREVIEW_CHARS = 160;

    private final transient MessageHistory log;
    private final transient PublishAndWait publisher;
    private final transient AuditTrail audit;

    public HistoryServlet(Hub hub, MessageHistory log, long publishTimeoutMillis, AuditTrail audit) {
        this.audit = audit;
        this.log = log;
        this.publisher = new PublishAndWait(hub, publishTimeoutMillis);
    }

    /** One message formatted for the page; {@code preview} is the start of the data on one line. */
    public record Row(long id, String channel, String event, String preview, String data, String createdAt,
            String frame, String publisher) {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = req.getPathInfo();
        if (path == null || path.equals("/")) {
            list(req, resp);
            return;
        }
        long id = number(path.substring(1));
        Optional<StoredMessage> m = id > 0 ? log.find(id) : Optional.empty();
        if (m.isEmpty()) {
            fail(req, resp, 404, "There is no stored message " + path.substring(1) + ".");
            return;
        }
        req.setAttribute("message", row(m.get()));
        render(req, resp, "message", "Message " + id);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = req.getPathInfo();
        if (path == null || !path.endsWith("/republish")) {
            fail(req, resp, 404, "There is no action " + path + " on messages.");
            return;
        }
        long id = number(path.substring(1, path.length() - "/republish".length()));
        Optional<StoredMessage> m = id > 0 ? log.find(id) : Optional.empty();
        if (m.isEmpty()) {
            fail(req, resp, 404, "There is no stored message to re-publish.");
            return;
        }
        StoredMessage original = m.get();
        StoredMessage copy;
        try {
            copy = publisher.publish(new NewMessage(original.channel(), original.event(), original.data()).by(req.getRemoteUser()));
        } catch (NotStored e) {
            fail(req, resp, 503, sentence(e));
            return;
        }
        audit.record(RequestIdentity.actor(req), AuditActions.REPUBLISH, original.channel(), "message " + id,
                "message " + copy.id());
        redirect(req, resp, "/admin/messages/" + copy.id(), "Message " + id + " was published again as message "
                + copy.id() + ".");
    }

    private void list(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String channel = param(req, "channel");
        String text = param(req, "q");
        long before = number(req.getParameter("before"));
        Optional<String> problem = channel == null ? Optional.empty() : Names.channelProblem(channel);
        if (problem.isPresent()) {
            resp.setStatus(400);
            req.setAttribute("errors", List.of(sentence(problem.get())));
            channel = null;
        }
        if (text != null && text.length() > 200) {
            text = text.substring(0, 200);
        }
        List<StoredMessage> page = log.search(channel, text, before > 0 ? before : Long.MAX_VALUE, PAGE + 1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(PAGE, page.size()); i++) {
            rows.add(row(page.get(i)));
        }
        req.setAttribute("rows", rows);
        req.setAttribute("older", page.size() > PAGE ? rows.get(rows.size() - 1).id() : null);
        req.setAttribute("channel", channel);
        req.setAttribute("q", text);
        req.setAttribute("before", before > 0 ? before : null);
        render(req, resp, "messages", "Messages");
    }

    static Row row(StoredMessage m) {
        String oneLine = m.data().replaceAll("\\s+", " ");
        String preview = oneLine.length() > PREVIEW_CHARS ? oneLine.substring(0, PREVIEW_CHARS) + "…" : oneLine;
        String frame = new String(Frames.message(m.id(), m.event(), m.data()), StandardCharsets.UTF_8);
        return new Row(m.id(), m.channel(), m.event(), preview, m.data(), time(m.createdAt()), frame,
                m.publisher() == null ? "" : m.publisher());
    }
}

package io.herald.admin;

import io.herald.access.AccessRules;
import io.herald.access.AuditTrail;
import io.herald.access.ReceiptReport;
import io.herald.announce.Announcement;
import io.herald.announce.Announcements;
import io.herald.announce.Audience;
import io.herald.announce.Receipts;
import io.herald.http.NotStored;
import io.herald.http.PublishAndWait;
import io.herald.http.RequestIdentity;
import io.herald.hub.Hub;
import io.herald.protocol.Names;
import io.herald.store.AuditActions;
import io.herald.store.NewMessage;
import io.herald.store.Receipt;
import io.herald.store.StoredMessage;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The broadcast page's announcement mode: {@code /admin/broadcast/announcement} shows the form
 * (severity, title, text, link, expiry; a live preview drawn by herald-widget.js) and the
 * announcements in force; POST sends one (event {@code announcement}).
 * {@code POST /admin/broadcast/withdraw} sends {@code announcement-withdrawn} for one of them.
 */
public final class AnnouncementServlet extends AdminServlet {

    private static final long MAX_MINUTES = 525_600;

    private final transient Announcements announcements;
    private final transient PublishAndWait publisher;
    private final transient Clock clock;
    private final transient AuditTrail audit;
    private final transient Receipts receipts;
    private final transient AccessRules rules;

    public AnnouncementServlet(Hub hub, Announcements announcements, long publishTimeoutMillis, Clock clock,
            AuditTrail audit, Receipts receipts, AccessRules rules) {
        this.audit = audit;
        this.receipts = receipts;
        this.rules = rules;
        this.announcements = announcements;
        this.publisher = new PublishAndWait(hub, publishTimeoutMillis);
        this.clock = clock;
    }

    /** What the form holds, as typed. */
    public record Form(String channel, String severity, String title, String text, String link, String minutes, boolean ack,
            String audienceKind, String audienceNames) {

        /** The audience typed: everyone, or the roles or users listed (separated by commas or lines). */
        Audience audience() {
            Audience.Kind kind = "roles".equals(audienceKind) ? Audience.Kind.ROLES
                    : "users".equals(audienceKind) ? Audience.Kind.USERS : Audience.Kind.EVERYONE;
            if (kind == Audience.Kind.EVERYONE) {
                return Audience.EVERYONE;
            }
            Set<String> names = new LinkedHashSet<>();
            for (String name : (audienceNames == null ? "" : audienceNames).split("[,\\n]")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
            return new Audience(kind, names);
        }


        List<String> errors() {
            List<String> errors = new ArrayList<>();
            Names.channelProblem(channel).ifPresent(p -> errors.add(sentence(p)));
            if (severity == null || !Announcement.SEVERITIES.contains(severity)) {
                errors.add("Severity must be info, warning or critical.");
            }
            if (title == null || title.length() > Announcement.MAX_TITLE) {
                errors.add("Title is required, at most " + Announcement.MAX_TITLE + " characters.");
            }
            if (text != null && text.length() > Announcement.MAX_TEXT) {
                errors.add("Text is at most " + Announcement.MAX_TEXT + " characters.");
            }
            if (link != null && Announcement.safeLink(link) == null) {
                errors.add("Link must be an http:// or https:// address.");
            }
            audience().problem().ifPresent(p -> errors.add(sentence(p)));
            if (minutes != null && expiryMinutes() < 0) {
                errors.add("Expires after must be a number of minutes from 1 to " + MAX_MINUTES + ", or empty for never.");
            }
            return errors;
        }

        long expiryMinutes() {
            try {
                long m = Long.parseLong(minutes);
                return m >= 1 && m <= MAX_MINUTES ? m : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (!"/broadcast/announcement".equals(path(req))) {
            fail(req, resp, 404, "There is no admin page " + path(req) + ".");
            return;
        }
        req.setAttribute("form", new Form(Announcement.DEFAULT_CHANNEL, "info", "", "", "", "", false, "everyone", ""));
        show(req, resp, Announcement.DEFAULT_CHANNEL);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        req.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if ("/broadcast/withdraw".equals(path(req))) {
            withdraw(req, resp);
            return;
        }
        Form form = new Form(param(req, "channel"), param(req, "severity"), param(req, "title"), param(req, "text"),
                param(req, "link"), param(req, "minutes"), req.getParameter("ack") != null, param(req, "audience"),
                param(req, "audienceNames"));
        req.setAttribute("form", form);
        List<String> errors = form.errors();
        if (!errors.isEmpty()) {
            req.setAttribute("errors", errors);
            resp.setStatus(400);
            show(req, resp, Names.isValidChannel(form.channel()) ? form.channel() : Announcement.DEFAULT_CHANNEL);
            return;
        }
        Instant expires = form.minutes() == null ? null : clock.instant().plus(Duration.ofMinutes(form.expiryMinutes()));
        String data = Announcement.data(form.severity(), form.title(), form.text() == null ? "" : form.text(),
                Announcement.safeLink(form.link()), expires, form.ack(), form.audience());
        send(req, resp, form.channel(), Announcement.EVENT, data, "Announcement", AuditActions.ANNOUNCE);
    }

    private void withdraw(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String channel = param(req, "channel");
        long id = number(req.getParameter("id"));
        if (channel == null || !Names.isValidChannel(channel) || id < 0) {
            fail(req, resp, 400, "Withdrawing needs the announcement's channel and id.");
            return;
        }
        boolean inForce = announcements.inForce(Set.of(channel)).announcements().stream().anyMatch(a -> a.id() == id);
        if (!inForce) {
            fail(req, resp, 404, "Announcement " + id + " on " + channel + " is not in force (any more).");
            return;
        }
        send(req, resp, channel, Announcement.WITHDRAWN_EVENT, "{\"id\":\"" + id + "\"}", "Withdrawal of announcement " + id,
                AuditActions.WITHDRAW);
    }

    private void send(HttpServletRequest req, HttpServletResponse resp, String channel, String event, String data, String what,
            String action) throws ServletException, IOException {
        StoredMessage stored;
        try {
            stored = publisher.publish(new NewMessage(channel, event, data).by(req.getRemoteUser()));
        } catch (NotStored e) {
            req.setAttribute("errors", List.of(sentence(e)));
            resp.setStatus(503);
            show(req, resp, channel);
            return;
        }
        audit.record(RequestIdentity.actor(req), action, channel, null, "message " + stored.id() + ": " + data);
        redirect(req, resp, "/admin/broadcast/announcement", what + " stored as message " + stored.id()
                + " on " + channel + " and sent.");
    }

    private void show(HttpServletRequest req, HttpServletResponse resp, String channel) throws ServletException, IOException {
        List<Row> rows = new ArrayList<>();
        for (Announcement a : announcements.inForce(Set.of(channel)).announcements()) {
            String acknowledged = "";
            if (a.ack()) {
                ReceiptReport report = ReceiptReport.of(a, receipts, rules);
                acknowledged = report.count(Receipt.State.ACKNOWLEDGED) + " / " + report.audience();
            }
            rows.add(new Row(a.id(), a.channel(), a.severity(), a.title(), a.text(), a.link(),
                    a.expiresAt() == null ? "never" : time(a.expiresAt()), time(a.createdAt()), a.ack(), acknowledged));
        }
        req.setAttribute("inForce", rows);
        req.setAttribute("listChannel", channel);
        render(req, resp, "announcement", "Broadcast");
    }

    /** One announcement in force, formatted for the page. */
    public record Row(long id, String channel, String severity, String title, String text, String link, String expires,
            String created, boolean ack, String acknowledged) {
    }

    private static String path(HttpServletRequest req) {
        return req.getServletPath().substring("/admin".length()) + (req.getPathInfo() == null ? "" : req.getPathInfo());
    }
}

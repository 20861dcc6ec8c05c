package io.herald.admin;

import io.herald.access.AccessRules;
import io.herald.access.ReceiptReport;
import io.herald.announce.Announcement;
import io.herald.announce.Receipts;
import io.herald.store.MessageHistory;
import io.herald.store.Receipt;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/announcements/{id}/receipts}: who got, saw and acknowledged an announcement that
 * asks for acknowledgement: the count of each step with its first time, every user's receipt,
 * the members of its audience not yet reached, and the CSV export
 * ({@code /api/announcements/{id}/receipts?format=csv}).
 */
public final class ReceiptsPageServlet extends AdminServlet {

    private final transient Receipts receipts;
    private final transient MessageHistory history;
    private final transient AccessRules rules;

    public ReceiptsPageServlet(Receipts receipts, MessageHistory history, AccessRules rules) {
        this.receipts = receipts;
        this.history = history;
        this.rules = rules;
    }

    /** One step's count and first time, formatted for the page. */
    public record Step(String name, int count, String first) {
    }

    /** One user's receipt, formatted for the page (empty: not yet). */
    public record Row(String user, String delivered, String displayed, String acknowledged) {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        long id = path.endsWith("/receipts") ? number(path.substring(1, path.length() - "/receipts".length())) : -1;
        Optional<Announcement> found = id <= 0 ? Optional.empty()
                : receipts.acknowledgeable(id, history);
        if (found.isEmpty()) {
            fail(req, resp, 404, "There is no announcement " + (id > 0 ? id + " " : "") + "that asks for acknowledgement.");
            return;
        }
        ReceiptReport report = ReceiptReport.of(found.get(), receipts, rules);
        List<Step> steps = new ArrayList<>();
        for (Receipt.State state : Receipt.State.values()) {
            Instant first = report.firsts().get(state);
            steps.add(new Step(state.wireName(), report.count(state), first == null ? "" : time(first)));
        }
        List<Row> rows = new ArrayList<>();
        for (Receipt r : report.receipts()) {
            rows.add(new Row(r.user(), when(r.deliveredAt()), when(r.displayedAt()), when(r.acknowledgedAt())));
        }
        req.setAttribute("announcement", found.get());
        req.setAttribute("steps", steps);
        req.setAttribute("rows", rows);
        req.setAttribute("notReached", report.notReached());
        req.setAttribute("audienceSize", report.audience());
        render(req, resp, "receipts", "Receipts");
    }

    private static String when(Instant at) {
        return at == null ? "" : time(at);
    }
}

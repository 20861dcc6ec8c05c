package io.herald.admin;

import io.herald.access.AuditTrail;
import io.herald.http.ApiError;
import io.herald.store.AuditActions;
import io.herald.store.AuditEntry;
import io.herald.store.AuditQuery;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /admin/audit}: who did what in the console and the admin API, newest first, filtered by
 * actor, action and time, {@value AuditApiServlet#PAGE} a page, with a CSV export of what the
 * filter matches ({@code /api/audit?format=csv}).
 */
public final class AuditServlet extends AdminServlet {

    private final transient AuditTrail audit;

    public AuditServlet(AuditTrail audit) {
        this.audit = audit;
    }

    /** One entry formatted for the page. */
    public record Row(long id, String at, String actor, String address, String action, String target, String before,
            String after) {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
            fail(req, resp, 404, "There is no admin page /admin/audit" + req.getPathInfo() + ".");
            return;
        }
        req.setAttribute("actions", AuditActions.ALL);
        for (String name : List.of("actor", "action", "from", "to")) {
            req.setAttribute(name, param(req, name));
        }
        AuditFilter.Asked asked;
        try {
            asked = AuditFilter.asked(req);
        } catch (ApiError e) {
            resp.setStatus(400);
            req.setAttribute("errors", List.of(sentence(e.detail())));
            asked = new AuditFilter.Asked(AuditQuery.ALL, 0);
        }
        int page = asked.page();
        List<AuditEntry> entries = audit.find(asked.query(), page, AuditApiServlet.PAGE + 1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(AuditApiServlet.PAGE, entries.size()); i++) {
            AuditEntry e = entries.get(i);
            rows.add(new Row(e.id(), time(e.at()), e.actor().name(), e.actor().address(), e.action(), e.target(), e.before(),
                    e.after()));
        }
        req.setAttribute("rows", rows);
        req.setAttribute("pageNumber", page);
        req.setAttribute("newer", page > 0 ? page - 1 : null);
        req.setAttribute("older", entries.size() > AuditApiServlet.PAGE ? page + 1 : null);
        render(req, resp, "audit", "Audit");
    }
}

package io.herald.admin;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.herald.access.AuditTrail;
import io.herald.http.ApiError;
import io.herald.http.ApiServlet;
import io.herald.http.Csv;
import io.herald.http.JsonReply;
import io.herald.store.AuditEntry;
import io.herald.store.AuditQuery;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code GET /api/audit?actor=&action=&from=&to=&page=}: the audit trail for admins, newest first,
 * {@value #PAGE} entries a page, as JSON; with {@code format=csv} every matching entry as CSV (the
 * console's export), newest first, up to {@value #CSV_MAX} rows.
 */
public final class AuditApiServlet extends ApiServlet {

    static final int PAGE = 100;
    static final int CSV_MAX = 100_000;

    private final transient AuditTrail audit;

    public AuditApiServlet(AuditTrail audit) {
        super("GET");
        this.audit = audit;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        AuditFilter.Asked asked;
        try {
            asked = AuditFilter.asked(req);
        } catch (ApiError e) {
            JsonReply.sendError(resp, e);
            return;
        }
        if ("csv".equals(req.getParameter("format"))) {
            csv(resp, asked.query());
            return;
        }
        JsonArray list = new JsonArray();
        for (AuditEntry e : audit.find(asked.query(), asked.page(), PAGE)) {
            list.add(json(e));
        }
        JsonReply.send(resp, HttpServletResponse.SC_OK, list);
    }

    static JsonObject json(AuditEntry e) {
        JsonObject o = new JsonObject();
        o.addProperty("id", e.id());
        o.addProperty("at", e.at().toString());
        o.addProperty("actor", e.actor().name());
        o.addProperty("address", e.actor().address());
        o.addProperty("action", e.action());
        o.addProperty("target", e.target());
        o.addProperty("before", e.before());
        o.addProperty("after", e.after());
        return o;
    }

    private void csv(HttpServletResponse resp, AuditQuery query) throws IOException {
        resp.setContentType("text/csv;charset=UTF-8");
        resp.setHeader("Content-Disposition", "attachment; filename=\"herald-audit.csv\"");
        resp.setHeader("Cache-Control", "no-store");
        PrintWriter out = resp.getWriter();
        out.print("id,at,actor,address,action,target,before,after\r\n");
        int written = 0;
        for (int page = 0; written < CSV_MAX; page++) {
            List<AuditEntry> entries = audit.find(query, page, 1000);
            for (AuditEntry e : entries) {
                out.print(e.id() + "," + e.at() + "," + Csv.cell(e.actor().name()) + "," + Csv.cell(e.actor().address()) + ","
                        + Csv.cell(e.action()) + "," + Csv.cell(e.target()) + "," + Csv.cell(e.before()) + "," + Csv.cell(e.after()) + "\r\n");
            }
            written += entries.size();
            if (entries.size() < 1000) {
                break;
            }
        }
    }
}

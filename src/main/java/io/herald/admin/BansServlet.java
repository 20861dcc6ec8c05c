package io.herald.admin;

import io.herald.access.BanList;
import io.herald.http.RequestIdentity;
import io.herald.store.Ban;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/bans}: bans in force with reason, who and when; {@code POST /admin/bans} bans a
 * user or address by hand; {@code POST /admin/bans/lift} lifts one.
 */
public final class BansServlet extends AdminServlet {

    private final transient BanList bans;

    public BansServlet(BanList bans) {
        this.bans = bans;
    }

    /** One ban formatted for the page. */
    public record Row(long id, String user, String address, String reason, String createdBy, String createdAt) {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
            fail(req, resp, 404, "There is no admin page /admin/bans" + req.getPathInfo() + ".");
            return;
        }
        List<Row> rows = new ArrayList<>();
        for (Ban b : bans.all()) {
            rows.add(new Row(b.id(), b.user(), b.address(), b.reason(), b.createdBy(), time(b.createdAt())));
        }
        req.setAttribute("rows", rows);
        render(req, resp, "bans", "Bans");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = req.getPathInfo();
        if ("/lift".equals(path)) {
            Optional<Ban> lifted = bans.lift(number(req.getParameter("id")), RequestIdentity.actor(req));
            if (lifted.isEmpty()) {
                fail(req, resp, 404, "There is no ban " + req.getParameter("id") + " (lifted already?).");
                return;
            }
            Ban b = lifted.get();
            redirect(req, resp, "/admin/bans", "Lifted the ban on " + (b.user() != null ? "user " + b.user()
                    : "address " + b.address()) + ".");
        } else if (path == null || path.equals("/")) {
            String user = param(req, "user");
            String address = param(req, "address");
            String reason = param(req, "reason");
            String problem = BanRequest.problem(user, address, reason);
            if (problem != null) {
                fail(req, resp, 400, problem);
                return;
            }
            BanList.Banned banned = bans.ban(user, user == null ? address : null, reason, RequestIdentity.actor(req));
            redirect(req, resp, "/admin/bans", "Banned " + (user != null ? "user " + user : "address " + address)
                    + "; " + banned.connectionsClosed() + " connection(s) closed.");
        } else {
            fail(req, resp, 404, "There is no action " + path + " on bans.");
        }
    }
}

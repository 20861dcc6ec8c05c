package io.herald.admin;

import io.herald.access.AccessRules;
import io.herald.access.ApiKeys;
import io.herald.http.RequestIdentity;
import io.herald.store.ApiKey;
import io.herald.store.ChannelRule;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /admin/access}: channel rules (who may subscribe) and API keys (who may publish).
 * {@code POST /admin/access/rules} adds or replaces a rule, {@code …/rules/remove} removes one;
 * {@code POST /admin/access/keys} creates a key (shown once, on the page the redirect leads to),
 * {@code …/keys/revoke} revokes one.
 */
public final class AccessServlet extends AdminServlet {

    private static final String NEW_KEY = "herald.newKey";

    private final transient AccessRules rules;
    private final transient ApiKeys keys;

    public AccessServlet(AccessRules rules, ApiKeys keys) {
        this.rules = rules;
        this.keys = keys;
    }

    public record RuleRow(long id, String pattern, String access, boolean presence, String createdBy, String createdAt) {
    }

    public record KeyRow(long id, String name, String prefix, String createdBy, String createdAt, String lastUsed,
            String revoked) {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
            fail(req, resp, 404, "There is no admin page /admin/access" + req.getPathInfo() + ".");
            return;
        }
        List<RuleRow> ruleRows = new ArrayList<>();
        for (ChannelRule r : rules.all()) {
            ruleRows.add(new RuleRow(r.id(), r.pattern(), r.access(), r.presence(), r.createdBy(), time(r.createdAt())));
        }
        List<KeyRow> keyRows = new ArrayList<>();
        for (ApiKey k : keys.all()) {
            keyRows.add(new KeyRow(k.id(), k.name(), k.prefix(), k.createdBy(), time(k.createdAt()),
                    k.lastUsedAt() == null ? "never" : time(k.lastUsedAt()), k.revokedAt() == null ? null : time(k.revokedAt())));
        }
        HttpSession session = req.getSession(false);
        if (session != null && session.getAttribute(NEW_KEY) != null) {
            req.setAttribute("newKey", session.getAttribute(NEW_KEY));
            session.removeAttribute(NEW_KEY);
        }
        req.setAttribute("rules", ruleRows);
        req.setAttribute("keys", keyRows);
        req.setAttribute("defaultAccess", rules.defaultAccess());
        render(req, resp, "access", "Access");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        switch (path) {
            case "/rules" -> putRule(req, resp);
            case "/rules/remove" -> {
                Optional<AccessRules.Changed> removed = rules.remove(number(req.getParameter("id")), RequestIdentity.actor(req));
                if (removed.isEmpty()) {
                    fail(req, resp, 404, "There is no rule " + req.getParameter("id") + ".");
                } else {
                    redirect(req, resp, "/admin/access", "Removed the rule for " + removed.get().rule().pattern()
                            + "; " + removed.get().connectionsClosed() + " connection(s) closed.");
                }
            }
            case "/keys" -> {
                String name = param(req, "name");
                if (name == null || name.length() > 200) {
                    fail(req, resp, 400, "A key needs a name of at most 200 characters (which application uses it).");
                    return;
                }
                ApiKeys.Created created = keys.create(name, RequestIdentity.actor(req));
                req.getSession().setAttribute(NEW_KEY, created.secret());
                redirect(req, resp, "/admin/access", "Created API key " + name + ". Copy it now: it is shown only once.");
            }
            case "/keys/revoke" -> {
                Optional<ApiKey> revoked = keys.revoke(number(req.getParameter("id")), RequestIdentity.actor(req));
                if (revoked.isEmpty()) {
                    fail(req, resp, 404, "There is no key " + req.getParameter("id") + " in force.");
                } else {
                    redirect(req, resp, "/admin/access", "Revoked API key " + revoked.get().name()
                            + "; it is refused from now on.");
                }
            }
            default -> fail(req, resp, 404, "There is no action " + path + " on access.");
        }
    }

    private void putRule(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String pattern = param(req, "pattern");
        String kind = param(req, "access");
        String role = param(req, "role");
        String access = "role".equals(kind) && role != null ? AccessRules.ROLE_PREFIX + role : kind;
        if (!AccessRules.isValidPattern(pattern) || (pattern != null && pattern.startsWith(AccessRules.USER_CHANNEL_PREFIX))) {
            fail(req, resp, 400, "Pattern must be a channel name, or a prefix ending in * (orders/*); user/… channels are always private.");
        } else if (!AccessRules.isValidAccess(access)) {
            fail(req, resp, 400, "Access must be public, authenticated, or a role (letters, digits, . _ : -).");
        } else {
            AccessRules.Changed changed = rules.put(pattern, access, req.getParameter("presence") != null,
                    RequestIdentity.actor(req));
            redirect(req, resp, "/admin/access", "Saved: " + pattern + " is " + access
                    + (changed.rule().presence() ? " with presence" : "") + "; " + changed.connectionsClosed()
                    + " connection(s) closed.");
        }
    }
}

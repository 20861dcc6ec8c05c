package io.herald.admin;

import io.herald.http.NotStored;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What every admin page controller shares: rendering a JSP under {@code WEB-INF/jsp/admin/},
 * post/redirect/get with a one-time notice, and reading ids from the request. Controllers fill
 * request attributes; pages only display them (no SQL, no scriptlets, every value escaped).
 */
abstract class AdminServlet extends HttpServlet {

    private static final String NOTICE = "herald.notice";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** Renders {@code view}.jsp with the page title and the notice left by the last redirect, if any. */
    static void render(HttpServletRequest req, HttpServletResponse resp, String view, String title)
            throws ServletException, IOException {
        HttpSession session = req.getSession(false);
        if (session != null && session.getAttribute(NOTICE) != null) {
            req.setAttribute("notice", session.getAttribute(NOTICE));
            session.removeAttribute(NOTICE);
        }
        req.setAttribute("title", title);
        req.setAttribute("page", view);
        req.setAttribute("user", req.getRemoteUser());
        resp.setContentType("text/html;charset=UTF-8");
        req.getRequestDispatcher("/WEB-INF/jsp/admin/" + view + ".jsp").forward(req, resp);
    }

    /** Redirects to {@code path} (context-relative, starting with /) after leaving a notice for the next page. */
    static void redirect(HttpServletRequest req, HttpServletResponse resp, String path, String notice)
            throws IOException {
        if (notice != null) {
            req.getSession().setAttribute(NOTICE, notice);
        }
        resp.sendRedirect(resp.encodeRedirectURL(req.getContextPath() + path));
    }

    /** A positive number from a parameter, or -1 when it is missing or not one. */
    static long number(String value) {
        if (value == null || value.isBlank() || value.length() > 18) {
            return -1;
        }
        try {
            long n = Long.parseLong(value.trim());
            return n > 0 ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The parameter trimmed, or null when it is missing or blank. */
    static String param(HttpServletRequest req, String name) {
        String value = req.getParameter(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A reason as the console shows it: {@code channel must not be empty} reads {@code Channel must not be empty.} */
    static String sentence(String reason) {
        String capital = Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
        return capital.endsWith(".") ? capital : capital + ".";
    }

    /** What a page says when its message was not stored. */
    static String sentence(NotStored e) {
        return switch (e.why()) {
            case INTERRUPTED -> "Interrupted before the message was stored.";
            case FAILED -> "The message was not stored: " + e.causeMessage();
            case TIMED_OUT -> "The database did not confirm the message within " + e.timeoutMillis()
                    + " ms; check the messages page before sending it again.";
        };
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** A 4xx page with a message saying what was wrong. */
    static void fail(HttpServletRequest req, HttpServletResponse resp, int status, String message)
            throws ServletException, IOException {
        resp.setStatus(status);
        req.setAttribute("error", message);
        render(req, resp, "error", status == 404 ? "Not found" : "Cannot do that");
    }
}

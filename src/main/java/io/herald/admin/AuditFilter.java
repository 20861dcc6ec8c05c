package io.herald.admin;

import io.herald.http.ApiError;
import io.herald.store.AuditActions;
import io.herald.store.AuditQuery;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The audit trail's filter, as the console's form and {@code GET /api/audit} take it: actor, action, from, to. */
final class AuditFilter {

    private AuditFilter() {
    }

    /** The query the parameters ask for; {@code 400} naming the first one that cannot be read. */
    static AuditQuery of(HttpServletRequest req) throws ApiError {
        String action = AdminServlet.param(req, "action");
        if (action != null && !AuditActions.ALL.contains(action)) {
            throw ApiError.badRequest("action must be one of " + String.join(", ", AuditActions.ALL) + ", got '" + action + "'");
        }
        String actor = AdminServlet.param(req, "actor");
        if (actor != null && actor.length() > 256) {
            throw ApiError.badRequest("actor is at most 256 characters");
        }
        return new AuditQuery(actor, action, time(req, "from", false), time(req, "to", true));
    }

    /** An instant ({@code 2026-12-03T09:15:00Z}) or a day ({@code 2026-12-03}, UTC; for {@code to}, up to its end). */
    private static Instant time(HttpServletRequest req, String name, boolean endOfDay) throws ApiError {
        String value = AdminServlet.param(req, name);
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + " must be a day (2026-12-03) or an instant (2026-12-03T09:15:00Z), got '"
                    + value + "'");
        }
    }

    /** What a request asks of the trail: which entries, which page of them. */
    record Asked(AuditQuery query, int page) {
    }

    /** The query and the page the parameters ask for; {@code 400} naming the first one that cannot be read. */
    static Asked asked(HttpServletRequest req) throws ApiError {
        return new Asked(of(req), page(req));
    }

    /** The page asked for (from 0), or {@code 400}. */
    static int page(HttpServletRequest req) throws ApiError {
        String value = AdminServlet.param(req, "page");
        long page = value == null || value.equals("0") ? 0 : AdminServlet.number(value);
        if (page < 0 || page > 1_000_000) {
            throw ApiError.badRequest("page must be a whole number from 0, got '" + value + "'");
        }
        return (int) page;
    }
}

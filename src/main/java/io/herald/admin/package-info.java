/**
 * The administrators' console and API: controllers that fill request attributes and forward to
 * {@code WEB-INF/jsp/admin/*.jsp} (dashboard, broadcast and announcements, connections, messages,
 * bans, access rules and API keys), the JSON admin API ({@code /api/connections},
 * {@code /api/bans}), the dashboard's samples, and the filters that put security headers and the
 * CSRF check in front of them. It may use {@code http}, {@code access}, {@code announce},
 * {@code cluster}, {@code hub}, {@code store} and {@code protocol}; never {@code web} or
 * {@code config}, which builds its servlets and hands them their collaborators and settings.
 */
package io.herald.admin;

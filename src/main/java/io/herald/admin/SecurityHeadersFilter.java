package io.herald.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The admin pages' security headers on the login page, which the container shows by forwarding
 * to it before any filter of the original request runs.
 */
public final class SecurityHeadersFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        AdminFilter.securityHeaders(resp);
        chain.doFilter(req, resp);
    }
}

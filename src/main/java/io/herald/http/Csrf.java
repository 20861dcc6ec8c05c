package io.herald.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * Owns the CSRF tokens of the console: one random token per session. Every state-changing admin
 * request must send it back, as the form field {@code _csrf} or the header {@code X-CSRF-Token};
 * another site can make a logged-in administrator's browser send a request, but cannot read the
 * token to put in it.
 */
public final class Csrf {

    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final String SESSION_KEY = "herald.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** The session's token, created with the session's first admin page. */
    public static String token(HttpServletRequest req) {
        HttpSession session = req.getSession(true);
        synchronized (session) {
            String token = (String) session.getAttribute(SESSION_KEY);
            if (token == null) {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                session.setAttribute(SESSION_KEY, token);
            }
            return token;
        }
    }

    /** True when the request carries its session's token (the body is not read for other types than forms). */
    public static boolean isValid(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        if (session == null) {
            return false;
        }
        String expected = (String) session.getAttribute(SESSION_KEY);
        String sent = req.getHeader(HEADER);
        if (sent == null && isForm(req)) {
            sent = req.getParameter(FIELD);
        }
        return expected != null && sent != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isForm(HttpServletRequest req) {
        String type = req.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }
}

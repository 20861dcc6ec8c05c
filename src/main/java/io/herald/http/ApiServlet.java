package io.herald.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A servlet of Herald's HTTP API: a method it does not serve gets 405 with {@code Allow} and a JSON error. */
public abstract class ApiServlet extends HttpServlet {

    private final String[] allowed;

    protected ApiServlet(String... allowed) {
        this.allowed = allowed.clone();
    }

    @Override
    protected final void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (!JsonReply.refusedMethod(req, resp, allowed)) {
            super.service(req, resp);
        }
    }
}

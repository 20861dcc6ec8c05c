package io.herald.web;

import io.herald.http.ApiServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: Prometheus text format 0.0.4 (docs/operations.md lists the meters). */
public final class MetricsServlet extends ApiServlet {

    private final transient HeraldMetrics metrics;

    public MetricsServlet(HeraldMetrics metrics) {
        super("GET");
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/plain;version=0.0.4;charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}

package io.herald.it.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * "Another origin" for browser tests: one HTML page at {@code path} on a free loopback port, made
 * from the request's URI (its query carries Herald's address).
 */
public final class PageServer {

    private PageServer() {
    }

    public static HttpServer serve(String path, Function<URI, String> page) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext(path, exchange -> {
                byte[] body = page.apply(exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html;charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String origin(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * A portal page of another origin at {@code /portal.html}: it opens an EventSource to the URL in
     * its {@code herald} parameter (with credentials when {@code credentials=1}, or always when
     * {@code alwaysWithCredentials}), shows its state in {@code #state} and each message in {@code #events}.
     */
    public static HttpServer eventSourcePortal(boolean alwaysWithCredentials) {
        String credentials = alwaysWithCredentials ? "true" : "q.get('credentials') === '1'";
        return serve("/portal.html", uri -> "<!DOCTYPE html><html><head><meta charset=utf-8><title>Intranet portal</title></head><body>"
                + "<p>state: <b id=state>starting</b></p><ol id=events></ol>"
                + "<script>\n"
                + "var q = new URLSearchParams(location.search);\n"
                + "var source = new EventSource(q.get('herald'), {withCredentials: " + credentials + "});\n"
                + "window.source = source;\n"
                + "function state() { document.getElementById('state').textContent = ['connecting','open','closed'][source.readyState]; }\n"
                + "source.onopen = state; source.onerror = state;\n"
                + "source.onmessage = function (e) { var li = document.createElement('li'); li.textContent = e.data;"
                + " document.getElementById('events').appendChild(li); };\n"
                + "</script></body></html>");
    }
}

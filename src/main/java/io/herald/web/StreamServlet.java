package io.herald.web;

import io.herald.hub.BanList;
import io.herald.hub.ConnectionInfo;
import io.herald.hub.Hub;
import io.herald.hub.Subscriber;
import io.herald.protocol.LastEventId;
import io.herald.protocol.Names;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code GET /events?channel=a&channel=b}: the event stream.
 *
 * <pre>
 * HTTP/1.1 200 OK
 * Content-Type: text/event-stream;charset=UTF-8
 * Cache-Control: no-cache
 * X-Accel-Buffering: no
 *
 * retry: 3000
 *
 * event: created
 * data: {"order":17}
 * id: 42
 *
 * :
 * </pre>
 *
 * A client that reconnects with {@code Last-Event-ID} (or {@code ?lastEventId=}) first receives
 * every stored message of its channels after that id, then live ones. A banned user or address
 * gets {@code 204 No Content}, which tells {@code EventSource} to stop reconnecting.
 *
 * <p>The admin dashboard's stream ({@code /admin/stream}) is the same servlet with its channel
 * fixed to a reserved name no client may ask for, and no catch-up.
 */
public final class StreamServlet extends HttpServlet {

    /**
     * The response buffer. Jetty pins it from a stream's first write until the stream ends, and
     * takes a chunk header for every write from its pool's smallest bucket (up to 4 KB under the
     * default pool), scanning that bucket's first 256 entries for a free one: a stream buffer in
     * that bucket (2 KB was) made every write on a long-running server scan hundreds of pinned
     * entries. 12 KB has a bucket of its own under Jetty's defaults and holds the coalesced frames
     * of most drains (StreamBufferTest, docs/BENCHMARKS.md). Tomcat grows its 8 KB buffer to it.
     */
    private static final int STREAM_BUFFER_BYTES = 12 * 1024;

    private final transient Hub hub;
    private final transient BanList bans;
    private final Set<String> fixedChannels;

    /** {@code GET /events}: the channels from the query, refused (204) to banned users and addresses. */
    public StreamServlet(Hub hub, BanList bans) {
        this(hub, bans, null);
    }

    private StreamServlet(Hub hub, BanList bans, Set<String> fixedChannels) {
        this.hub = hub;
        this.bans = bans;
        this.fixedChannels = fixedChannels;
    }

    /** A stream of Herald's own reserved {@code channel}, ignoring the query and Last-Event-ID. */
    public static StreamServlet internal(Hub hub, String channel) {
        return new StreamServlet(hub, null, Set.of(channel));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        if (!Json.refusedMethod(req, resp, "GET")) {
            super.service(req, resp);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Set<String> channels;
        try {
            channels = fixedChannels != null ? fixedChannels : channels(req);
        } catch (ApiError e) {
            Json.sendError(resp, e);
            return;
        }
        if (bans != null && bans.isBanned(req.getRemoteUser(), req.getRemoteAddr())) {
            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        OptionalLong lastEventId = fixedChannels != null ? OptionalLong.empty() : lastEventId(req);

        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/event-stream;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Accel-Buffering", "no");
        resp.setBufferSize(STREAM_BUFFER_BYTES);

        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = resp.getOutputStream();
        ConnectionInfo info = new ConnectionInfo(req.getRemoteAddr(), req.getHeader("User-Agent"),
                req.getRemoteUser(), Instant.now());
        Subscriber subscriber = hub.open(channels, info);
        SseConnection connection = new SseConnection(hub, subscriber, async, out);
        async.addListener(connection);
        hub.subscribe(subscriber, connection, lastEventId);
        out.setWriteListener(connection);
    }

    private static Set<String> channels(HttpServletRequest req) throws ApiError {
        String[] values = req.getParameterValues("channel");
        if (values == null || values.length == 0) {
            return Set.of(Names.DEFAULT_CHANNEL);
        }
        Set<String> channels = new LinkedHashSet<>();
        for (String channel : values) {
            if (!Names.isValidChannel(channel)) {
                throw ApiError.badRequest("channel must be 1-128 characters of A-Z a-z 0-9 . _ : / -");
            }
            channels.add(channel);
        }
        return channels;
    }

    /** The header wins: a browser's automatic reconnect sends it while the URL keeps its first query. */
    private static OptionalLong lastEventId(HttpServletRequest req) {
        String header = req.getHeader("Last-Event-ID");
        return LastEventId.parse(header != null ? header : req.getParameter("lastEventId"));
    }
}

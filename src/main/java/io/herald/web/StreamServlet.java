package io.herald.web;

import io.herald.access.AccessRules;
import io.herald.access.BanList;
import io.herald.access.Credentials;
import io.herald.access.Tickets;
import io.herald.announce.Receipts;
import io.herald.http.ApiError;
import io.herald.http.ApiServlet;
import io.herald.http.JsonReply;
import io.herald.http.RequestIdentity;
import io.herald.hub.Admission;
import io.herald.hub.ChannelGate;
import io.herald.hub.ConnectionInfo;
import io.herald.hub.Hub;
import io.herald.hub.Subscriber;
import io.herald.hub.Viewer;
import io.herald.protocol.LastEventId;
import io.herald.protocol.Names;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code GET /events?channel=a&channel=b}: the event stream.
 *
 * <pre>
 * HTTP/1.1 200 OK
 * Content-Type: text/event-stream
 * Cache-Control: no-cache
 * X-Accel-Buffering: no
 *
 * retry: 3000
 * event: created
 * data: {"order":17}
 * id: 42
 *
 * :
 * </pre>
 *
 * The type is sent bare: the event stream is always UTF-8, and clients such as fetch-event-source
 * compare it exactly.
 *
 * A client that reconnects with {@code Last-Event-ID} (or {@code ?lastEventId=}) first receives
 * every stored message of its channels after that id, then live ones. A first connect with
 * {@code ?last=N} (1-1000) first receives the newest N stored messages of its channels, oldest
 * first. A channel may be a pattern: {@code orders/*} is every channel under {@code orders/}. Access rules decide who may
 * see each channel ({@link AccessRules}): not logged in {@code 401}, not allowed {@code 403}; a
 * banned user or address gets {@code 204 No Content}, which tells {@code EventSource} to stop
 * reconnecting. {@code ?ticket=} redeems a one-time ticket from {@code POST /api/tickets}.
 *
 * <p>The admin dashboard's stream ({@code /admin/stream}) is the same servlet with its channel
 * fixed to a reserved name no client may ask for, and no catch-up.
 */
public final class StreamServlet extends ApiServlet {

    /** The most stored messages {@code ?last=} may ask for. */
    static final int MAX_NEWEST = 1000;

    /**
     * The response buffer. Jetty pins it from a stream's first write until the stream ends, and
     * takes a chunk header for every write from its pool's smallest bucket (up to 4 KB under the
     * default pool), scanning that bucket's first 256 entries for a free one: a stream buffer in
     * that bucket (2 KB was) made every write on a long-running server scan hundreds of pinned
     * entries. 12 KB has a bucket of its own under Jetty's defaults and holds the coalesced frames
     * of most drains (StreamBufferTest, docs/BENCHMARKS.md). Tomcat grows its 8 KB buffer to it.
     */
    private static final int STREAM_BUFFER_BYTES = 12 * 1024;

    private static final System.Logger REFUSALS = System.getLogger("io.herald.connections");

    private final transient Hub hub;
    private final transient BanList bans;
    private final transient AccessRules rules;
    private final transient Tickets tickets;
    private final transient Credentials credentials;
    private final Set<String> fixedChannels;
    private final StreamLimits limits;
    private final transient Receipts receipts;

    /**
     * {@code GET /events}: the channels from the query, as the access rules and bans allow, within
     * {@code limits}; {@code receipts} hears of every stream opened and every write completed.
     */
    public StreamServlet(Hub hub, BanList bans, AccessRules rules, Tickets tickets, Credentials credentials, StreamLimits limits,
            Receipts receipts) {
        this(hub, bans, rules, tickets, credentials, null, limits, receipts);
    }

    private StreamServlet(Hub hub, BanList bans, AccessRules rules, Tickets tickets, Credentials credentials,
            Set<String> fixedChannels, StreamLimits limits, Receipts receipts) {
        super("GET");
        this.hub = hub;
        this.bans = bans;
        this.rules = rules;
        this.tickets = tickets;
        this.credentials = credentials;
        this.fixedChannels = fixedChannels;
        this.limits = limits;
        this.receipts = receipts;
    }

    /**
     * A stream of Herald's own reserved {@code channel}, ignoring the query and Last-Event-ID;
     * the container's security constraint on its path decides who may open it.
     */
    public static StreamServlet internal(Hub hub, String channel) {
        return new StreamServlet(hub, null, null, null, null, Set.of(channel), StreamLimits.NONE, null);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, true);
    }

    /**
     * The status and headers a GET would get, without opening a stream (a load balancer's or a
     * monitor's probe). A ticket is not used up: the request is judged as if it had none.
     */
    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        serve(req, resp, false);
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, boolean open) throws IOException {
        Set<String> channels;
        Viewer viewer;
        long session = 0;
        int newest = 0;
        try {
            if (fixedChannels != null) {
                channels = fixedChannels;
                viewer = new Viewer(req.getRemoteUser(), Set.of(), Set.of());
                session = RequestIdentity.sessionKey(req, viewer);
            } else {
                channels = channels(req);
                newest = QueryNumbers.inRange("last", req.getParameter("last"), 0, 1, MAX_NEWEST);
                if (channels.size() > limits.channels()) {
                    throw ApiError.badRequest("at most " + limits.channels() + " channels per stream, got " + channels.size());
                }
                String ticket = open ? req.getParameter("ticket") : null;
                if (ticket != null) {
                    Optional<Tickets.Redeemed> redeemed = tickets.redeem(ticket);
                    if (redeemed.isEmpty()) {
                        throw new ApiError(401, "unauthorized", "the ticket is unknown, used already or expired");
                    }
                    viewer = redeemed.get().viewer();
                    session = redeemed.get().sessionKey();
                    if (req.getParameterValues("channel") == null) {
                        channels = redeemed.get().channels();
                    } else if (!redeemed.get().channels().containsAll(channels)) {
                        throw new ApiError(403, "forbidden", "the ticket is not for all of these channels");
                    }
                } else {
                    viewer = RequestIdentity.viewer(req, rules, credentials);
                    session = RequestIdentity.sessionKey(req, viewer);
                }
                if (bans.isBanned(viewer.user(), req.getRemoteAddr())) {
                    resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
                    return;
                }
                AccessRules.Decision decision = rules.decide(channels, viewer);
                if (decision != AccessRules.Decision.ALLOW) {
                    throw RequestIdentity.refusal(decision, "a channel of this stream");
                }
            }
        } catch (ApiError e) {
            // The reason, never the query string: it may hold a ticket.
            REFUSALS.log(System.Logger.Level.DEBUG, () -> "stream refused with " + e.status() + " for "
                    + req.getRemoteAddr() + ": " + e.detail());
            if (e.status() == 401) {
                // Not Basic: a browser's EventSource must not pop up a password dialog.
                resp.setHeader("WWW-Authenticate", "Session realm=\"" + RequestIdentity.REALM + "\"");
            }
            JsonReply.sendError(resp, e);
            return;
        }
        if (!open) {
            streamHeaders(resp);
            return;
        }
        OptionalLong lastEventId = fixedChannels != null ? OptionalLong.empty() : lastEventId(req);
        Instant now = Instant.now();
        ConnectionInfo info = new ConnectionInfo(req.getRemoteAddr(), req.getHeader("User-Agent"), viewer, now, session,
                limits.streamEnd(now, viewer.loginUntil()));
        Subscriber subscriber = hub.open(channels, fixedChannels != null ? ChannelGate.EVERY : rules.gate(viewer), info);
        Admission admission = hub.admit(subscriber, limits.connections(), limits.perClient());
        if (admission != Admission.ADMITTED) {
            boolean total = admission == Admission.TOO_MANY_IN_TOTAL;
            resp.setHeader("Retry-After", total ? "10" : "5");
            JsonReply.sendError(resp, total
                    ? new ApiError(503, "too many connections", "Herald serves " + limits.connections() + " streams at most; try again later")
                    : new ApiError(429, "too many connections", info.client() + " has " + limits.perClient()
                            + " streams open already"));
            return;
        }

        streamHeaders(resp);
        resp.setBufferSize(STREAM_BUFFER_BYTES);

        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = resp.getOutputStream();
        SseConnection connection = new SseConnection(hub, subscriber, async, req, out,
                receipts == null ? Delivered.NOBODY : receipts::written);
        if (receipts != null) {
            receipts.opened(viewer);
        }
        async.addListener(connection);
        if (lastEventId.isEmpty() && newest > 0) {
            hub.subscribeWithNewest(subscriber, connection, newest);
        } else {
            hub.subscribe(subscriber, connection, lastEventId);
        }
        out.setWriteListener(connection);
    }

    private static void streamHeaders(HttpServletResponse resp) {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/event-stream");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("X-Accel-Buffering", "no");
    }

    private static Set<String> channels(HttpServletRequest req) throws ApiError {
        return ChannelNames.subscriptions(req.getParameterValues("channel"), Set.of(Names.DEFAULT_CHANNEL));
    }

    /** The header wins: a browser's automatic reconnect sends it while the URL keeps its first query. */
    private static OptionalLong lastEventId(HttpServletRequest req) {
        String header = req.getHeader("Last-Event-ID");
        return LastEventId.parse(header != null ? header : req.getParameter("lastEventId"));
    }
}

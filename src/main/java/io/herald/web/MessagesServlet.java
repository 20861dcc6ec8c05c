package io.herald.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.herald.access.AccessRules;
import io.herald.access.ApiKeys;
import io.herald.access.BanList;
import io.herald.http.ApiError;
import io.herald.http.ApiServlet;
import io.herald.http.JsonReply;
import io.herald.http.NotStored;
import io.herald.http.PublishAndWait;
import io.herald.http.RequestIdentity;
import io.herald.hub.Hub;
import io.herald.hub.Viewer;
import io.herald.protocol.LastEventId;
import io.herald.store.MessageHistory;
import io.herald.store.NewMessage;
import io.herald.store.StoreException;
import io.herald.store.StoredMessage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@code POST /api/messages} publishes; {@code GET /api/messages?channel=&after=&limit=} and
 * {@code GET /api/messages/{id}} read history. A publish is answered {@code 201} only once its row
 * is committed. Publishing needs an API key or a herald-publisher's Basic credentials (unless
 * {@code herald.publish.open}); reading history obeys the same access rules as the stream. A banned
 * user or address gets {@code 403} {@code banned} from both.
 */
public final class MessagesServlet extends ApiServlet {

    private static final System.Logger LOG = System.getLogger(MessagesServlet.class.getName());
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final transient PublishAndWait publisher;
    private final transient MessageHistory log;
    private final transient AccessRules rules;
    private final transient ApiKeys keys;
    private final boolean openPublish;
    private final int maxBodyBytes;
    private final long bodyTimeoutMillis;
    private final transient BanList bans;
    private final transient RateLimiter rate;
    private final int publishesPerSecond;

    public MessagesServlet(Hub hub, MessageHistory log, AccessRules rules, ApiKeys keys, BanList bans, boolean openPublish,
            int maxBodyBytes, long publishTimeoutMillis, long bodyTimeoutMillis, int publishesPerSecond) {
        super("GET", "POST");
        this.publisher = new PublishAndWait(hub, publishTimeoutMillis);
        this.log = log;
        this.rules = rules;
        this.keys = keys;
        this.openPublish = openPublish;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyTimeoutMillis = bodyTimeoutMillis;
        this.bans = bans;
        this.publishesPerSecond = publishesPerSecond;
        this.rate = new RateLimiter(publishesPerSecond);
    }

    /**
     * Who may publish, the ban list, the rate and the Content-Type are decided before the body is
     * read: a refused request is answered at once, however slowly its body comes.
     */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String contentType;
        try {
            if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
                throw new ApiError(405, "method not allowed", "publish with POST to /api/messages");
            }
            RequestIdentity.Publisher caller = openPublish
                    ? new RequestIdentity.Publisher(null, "address " + req.getRemoteAddr())
                    : RequestIdentity.publisher(req, resp, keys);
            RequestIdentity.refuseBanned(bans, caller.user(), req);
            if (!rate.tryAcquire(caller.who())) {
                resp.setHeader("Retry-After", "1");
                throw new ApiError(429, "too many publishes", caller.who() + " may publish " + publishesPerSecond
                        + " messages a second (herald.limits.publishes-per-second)");
            }
            contentType = PublishRequest.contentType(req);
        } catch (ApiError e) {
            RequestBody.refuse(req, resp, e, bodyTimeoutMillis);
            return;
        }
        String location = req.getContextPath() + "/api/messages/";
        RequestBody.read(req, resp, maxBodyBytes, bodyTimeoutMillis, body -> {
            StoredMessage stored = publish(PublishRequest.parse(contentType, body));
            resp.setHeader("Location", location + stored.id());
            JsonReply.send(resp, HttpServletResponse.SC_CREATED, MessageJson.of(stored));
        });
    }

    private StoredMessage publish(NewMessage message) throws ApiError {
        try {
            return publisher.publish(message);
        } catch (NotStored e) {
            throw unavailable(switch (e.why()) {
                case INTERRUPTED -> "interrupted while waiting for the store";
                case TIMED_OUT -> "the store did not confirm the message within " + e.timeoutMillis() + " ms";
                case FAILED -> {
                    LOG.log(Level.WARNING, "publish to channel " + message.channel() + " failed", e.getCause());
                    yield e.causeMessage();
                }
            });
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            String path = req.getPathInfo();
            Viewer viewer = RequestIdentity.viewer(req, rules, keys);
            RequestIdentity.refuseBanned(bans, viewer.user(), req);
            if (path == null || path.equals("/")) {
                history(req, resp, viewer);
            } else {
                one(path.substring(1), resp, viewer);
            }
        } catch (ApiError e) {
            JsonReply.sendError(resp, e);
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "history read failed", e);
            JsonReply.sendError(resp, unavailable(e.getMessage()));
        }
    }

    private void history(HttpServletRequest req, HttpServletResponse resp, Viewer viewer) throws ApiError, IOException {
        Set<String> channels = ChannelNames.checked(req.getParameterValues("channel"), Set.of());
        long after = 0;
        String afterText = req.getParameter("after");
        if (afterText != null) {
            OptionalLong parsed = LastEventId.parse(afterText);
            if (parsed.isEmpty()) {
                throw ApiError.badRequest("after must be a message id (a whole number, 0 or more)");
            }
            after = parsed.getAsLong();
        }
        int limit = limit(req.getParameter("limit"));
        if (!channels.isEmpty()) {
            AccessRules.Decision decision = rules.decide(channels, viewer);
            if (decision != AccessRules.Decision.ALLOW) {
                throw RequestIdentity.refusal(decision, "a channel asked for");
            }
        }
        List<StoredMessage> page = log.readAfter(channels, after, Long.MAX_VALUE, limit);
        JsonArray messages = new JsonArray();
        // Without a channel: every channel, less the messages of those this viewer may not see.
        page.stream().filter(m -> rules.decide(m.channel(), viewer) == AccessRules.Decision.ALLOW)
                .forEach(m -> messages.add(MessageJson.of(m)));
        JsonObject body = new JsonObject();
        body.add("messages", messages);
        JsonReply.send(resp, HttpServletResponse.SC_OK, body);
    }

    private static int limit(String text) throws ApiError {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        OptionalLong parsed = LastEventId.parse(text);
        if (parsed.isEmpty() || parsed.getAsLong() < 1 || parsed.getAsLong() > MAX_LIMIT) {
            throw ApiError.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        return (int) parsed.getAsLong();
    }

    private void one(String idText, HttpServletResponse resp, Viewer viewer) throws ApiError, IOException {
        OptionalLong id = LastEventId.parse(idText);
        if (id.isEmpty()) {
            throw new ApiError(404, "not found", "no message with id " + idText);
        }
        StoredMessage m = log.find(id.getAsLong())
                .orElseThrow(() -> new ApiError(404, "not found", "no message with id " + id.getAsLong()));
        AccessRules.Decision decision = rules.decide(m.channel(), viewer);
        if (decision != AccessRules.Decision.ALLOW) {
            throw RequestIdentity.refusal(decision, "the channel of this message");
        }
        JsonReply.send(resp, HttpServletResponse.SC_OK, MessageJson.of(m));
    }

    private static ApiError unavailable(String detail) {
        return new ApiError(503, "store unavailable", detail);
    }
}

package io.herald.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.herald.access.AccessRules;
import io.herald.access.Credentials;
import io.herald.access.BanList;
import io.herald.http.ApiError;
import io.herald.http.ApiServlet;
import io.herald.http.JsonReply;
import io.herald.http.NotStored;
import io.herald.http.PublishAndWait;
import io.herald.http.RequestIdentity;
import io.herald.hub.ChannelGate;
import io.herald.hub.Hub;
import io.herald.hub.Viewer;
import io.herald.protocol.LastEventId;
import io.herald.store.Appended;
import io.herald.store.MessageHistory;
import io.herald.store.NewMessage;
import io.herald.store.StoreException;
import io.herald.store.StoredMessage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/messages} publishes; {@code GET /api/messages?channel=&after=&limit=} and
 * {@code GET /api/messages/{id}} read history ({@code channel} may be a pattern, {@code orders/*}; the
 * answer's {@code lastId} is where the next page or a stream continues). A publish is answered {@code 201} only once its row
 * is committed. Publishing needs an API key or a herald-publisher's Basic credentials (unless
 * {@code herald.publish.open}); reading history obeys the same access rules as the stream. A banned
 * user or address gets {@code 403} {@code banned} from both.
 */
public final class MessagesServlet extends ApiServlet {

    private static final System.Logger LOG = System.getLogger(MessagesServlet.class.getName());
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    /** The longest a long-poll ({@code wait=}) is held. */
    static final int MAX_WAIT_SECONDS = 30;
    /** Says that a publish was answered from its idempotency key: the message was stored by an earlier request. */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** Whose idempotency keys those of open publishing (no credentials) are. */
    static final String OPEN_PUBLISHER = "open";

    private final transient Hub hub;
    private final transient PublishAndWait publisher;
    private final transient MessageHistory log;
    private final transient AccessRules rules;
    private final transient Credentials credentials;
    private final transient BanList bans;
    private final transient RateLimiter rate;
    private final Publishing settings;
    /** How many long-polls may wait at once. */
    private final int maxWaiting;

    /**
     * How publishing is set up: {@code open} lets anyone publish; a body holds at most
     * {@code maxBodyBytes} (one message) or {@code maxBatchBytes} (a JSON array of at most
     * {@code maxBatch} messages); a publish waits {@code timeoutMillis} for its commit and
     * {@code bodyTimeoutMillis} for its body; each publisher sends at most {@code perSecond}
     * requests a second; an idempotency key answers repeats for {@code keyWindowSeconds}.
     */
    public record Publishing(boolean open, int maxBodyBytes, int maxBatch, int maxBatchBytes, long timeoutMillis,
            long bodyTimeoutMillis, int perSecond, long keyWindowSeconds) {
    }

    public MessagesServlet(Hub hub, MessageHistory log, AccessRules rules, Credentials credentials, BanList bans, Publishing settings,
            int maxWaiting) {
        super("GET", "POST");
        this.hub = hub;
        this.maxWaiting = maxWaiting;
        this.publisher = new PublishAndWait(hub, settings.timeoutMillis());
        this.log = log;
        this.rules = rules;
        this.credentials = credentials;
        this.bans = bans;
        this.settings = settings;
        this.rate = new RateLimiter(settings.perSecond());
    }

    /**
     * Who may publish, the ban list, the rate and the Content-Type are decided before the body is
     * read: a refused request is answered at once, however slowly its body comes.
     */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String contentType;
        RequestIdentity.Publisher caller;
        try {
            if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
                throw new ApiError(405, "method not allowed", "publish with POST to /api/messages");
            }
            caller = settings.open()
                    ? new RequestIdentity.Publisher(null, "address " + req.getRemoteAddr())
                    : RequestIdentity.publisher(req, resp, rules, credentials);
            RequestIdentity.refuseBanned(bans, caller.user(), req);
            if (!rate.tryAcquire(caller.identity())) {
                resp.setHeader("Retry-After", "1");
                throw new ApiError(429, "too many publishes", caller.who() + " may send " + settings.perSecond()
                        + " publish requests a second, a batch counting as one (herald.limits.publishes-per-second)");
            }
            contentType = PublishRequest.contentType(req);
        } catch (ApiError e) {
            RequestBody.refuse(req, resp, e, settings.bodyTimeoutMillis());
            return;
        }
        // Keys are the publisher's own: an API key's name or a user; with open publishing, one shared space.
        PublishRequest.Limits limits = new PublishRequest.Limits(settings.maxBatch(), settings.maxBodyBytes(),
                caller.user() == null ? OPEN_PUBLISHER : caller.user());
        String headerKey = req.getHeader(PublishRequest.KEY_HEADER);
        String publisherName = caller.user();
        int maxBytes = PublishRequest.isJson(contentType)
                ? Math.max(settings.maxBodyBytes(), settings.maxBatchBytes()) : settings.maxBodyBytes();
        String location = req.getContextPath() + "/api/messages/";
        RequestBody.read(req, resp, maxBytes, settings.bodyTimeoutMillis(), body -> {
            PublishRequest.Publication publication = PublishRequest.parse(contentType, body, headerKey, limits);
            List<Appended> results = publish(publication.messages().stream().map(m -> m.by(publisherName)).toList());
            refuseConflict(results, publication);
            boolean replayed = results.stream().allMatch(r -> r.outcome() == Appended.Outcome.REPLAYED);
            if (replayed) {
                resp.setHeader(REPLAYED_HEADER, "true");
            }
            if (!publication.batch()) {
                StoredMessage stored = results.get(0).message();
                resp.setHeader("Location", location + stored.id());
                JsonReply.send(resp, HttpServletResponse.SC_CREATED, MessageJson.of(stored));
                return;
            }
            JsonArray messages = new JsonArray(results.size());
            for (Appended r : results) {
                JsonObject o = MessageJson.of(r.message());
                if (!replayed && r.outcome() == Appended.Outcome.REPLAYED) {
                    o.addProperty("replayed", true);
                }
                messages.add(o);
            }
            JsonObject answer = new JsonObject();
            answer.add("messages", messages);
            JsonReply.send(resp, HttpServletResponse.SC_CREATED, answer);
        });
    }

    /** {@code 422} when an idempotency key was used before for another message: nothing was stored. */
    private void refuseConflict(List<Appended> results, PublishRequest.Publication publication) throws ApiError {
        for (int i = 0; i < results.size(); i++) {
            Appended r = results.get(i);
            if (r.outcome() == Appended.Outcome.CONFLICT) {
                throw new ApiError(422, "idempotency key reused", (publication.batch() ? "message " + i + ": " : "")
                        + "idempotency key " + publication.messages().get(i).key().key() + " was used within "
                        + settings.keyWindowSeconds() + " s (herald.publish.idempotency-window-seconds) for message "
                        + r.message().id() + ", whose " + r.differs() + " differ"
                        + (r.differs().contains(",") ? "" : "s") + "; nothing was stored");
            }
        }
    }

    private List<Appended> publish(List<NewMessage> messages) throws ApiError {
        try {
            return publisher.publishAll(messages);
        } catch (NotStored e) {
            throw unavailable(switch (e.why()) {
                case INTERRUPTED -> "interrupted while waiting for the store";
                case TIMED_OUT -> "the store did not confirm the message within " + e.timeoutMillis() + " ms";
                case FAILED -> {
                    LOG.log(Level.WARNING, "publish of " + messages.size() + " message(s) to channel "
                            + messages.get(0).channel() + (messages.size() > 1 ? " and others" : "") + " failed", e.getCause());
                    yield e.causeMessage();
                }
            });
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            String path = req.getPathInfo();
            Viewer viewer = RequestIdentity.viewer(req, rules, credentials);
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
        Set<String> channels = ChannelNames.subscriptions(req.getParameterValues("channel"), Set.of());
        String afterText = req.getParameter("after");
        long after = 0;
        if (afterText != null) {
            OptionalLong parsed = LastEventId.parse(afterText);
            if (parsed.isEmpty()) {
                throw ApiError.badRequest("after must be a message id (a whole number, 0 or more)");
            }
            after = parsed.getAsLong();
        }
        int limit = QueryNumbers.inRange("limit", req.getParameter("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
        int waitSeconds = QueryNumbers.inRange("wait", req.getParameter("wait"), 0, 1, MAX_WAIT_SECONDS);
        if (!channels.isEmpty()) {
            AccessRules.Decision decision = rules.decide(channels, viewer);
            if (decision != AccessRules.Decision.ALLOW) {
                throw RequestIdentity.refusal(decision, "a channel asked for");
            }
        }
        if (waitSeconds == 0) {
            sendPage(resp, channels, after, limit, viewer);
            return;
        }
        ChannelGate gate = rules.gate(viewer);
        // Waiting for what is new: without after, what is new from now on.
        long from = afterText != null ? after : hub.newestReadable(channels, gate);
        // Registered before the read, so a message fanned out between the two still wakes it.
        CompletableFuture<Void> arrival = hub.nextMessage(channels, gate, Duration.ofSeconds(waitSeconds), maxWaiting)
                .orElseThrow(() -> new ApiError(503, "too many waiting", "Herald holds " + maxWaiting
                        + " long-polls at most; try again later"));
        List<StoredMessage> page;
        try {
            page = log.readAfter(channels, from, Long.MAX_VALUE, limit);
        } catch (RuntimeException e) {
            arrival.cancel(false);
            throw e;
        }
        if (page.size() == limit || page.stream().anyMatch(m -> readable(m, viewer))) {
            arrival.cancel(false);
            send(resp, page, from, viewer);
            return;
        }
        LongPoll.await(req, arrival, waitSeconds * 1000L, r -> sendPage(r, channels, from, limit, viewer));
    }

    private void sendPage(HttpServletResponse resp, Set<String> channels, long after, int limit, Viewer viewer)
            throws IOException {
        send(resp, log.readAfter(channels, after, Long.MAX_VALUE, limit), after, viewer);
    }

    /** The page, less the messages of channels this viewer may not see (without a channel or through a pattern). */
    private void send(HttpServletResponse resp, List<StoredMessage> page, long after, Viewer viewer) throws IOException {
        JsonArray messages = new JsonArray();
        page.stream().filter(m -> readable(m, viewer)).forEach(m -> messages.add(MessageJson.of(m)));
        JsonObject body = new JsonObject();
        body.add("messages", messages);
        // Where the next page, or a stream (lastEventId=), continues: also past messages left out above.
        body.addProperty("lastId", page.isEmpty() ? after : page.get(page.size() - 1).id());
        JsonReply.send(resp, HttpServletResponse.SC_OK, body);
    }

    private boolean readable(StoredMessage m, Viewer viewer) {
        return rules.decide(m.channel(), viewer) == AccessRules.Decision.ALLOW;
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

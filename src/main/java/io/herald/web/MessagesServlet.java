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
import io.herald.hub.Audiences;
import io.herald.hub.Hub;
import io.herald.hub.Viewer;
import io.herald.store.Appended;
import io.herald.store.MessageHistory;
import io.herald.store.NewMessage;
import io.herald.store.StoreException;
import io.herald.store.StoredMessage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;

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
    /** Says that a publish was answered from its idempotency key: the message was stored by an earlier request. */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** Whose idempotency keys those of open publishing (no credentials) are. */
    static final String OPEN_PUBLISHER = "open";

    private final transient PublishAndWait publisher;
    private final transient HistoryReading reading;
    private final transient MessageHistory log;
    private final transient AccessRules rules;
    private final transient Credentials credentials;
    private final transient BanList bans;
    private final transient RateLimiter rate;
    private final Publishing settings;

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

    public MessagesServlet(Hub hub, MessageHistory log, AccessRules rules, Audiences audiences, Credentials credentials,
            BanList bans, Publishing settings, int maxWaiting) {
        super("GET", "POST");
        this.reading = new HistoryReading(hub, log, rules, audiences, maxWaiting);
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
                reading.history(req, resp, viewer);
            } else {
                reading.one(path.substring(1), resp, viewer);
            }
        } catch (ApiError e) {
            JsonReply.sendError(resp, e);
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "history read failed", e);
            JsonReply.sendError(resp, unavailable(e.getMessage()));
        }
    }

    private static ApiError unavailable(String detail) {
        return new ApiError(503, "store unavailable", detail);
    }
}

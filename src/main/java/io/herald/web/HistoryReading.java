package io.herald.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.herald.access.AccessRules;
import io.herald.http.ApiError;
import io.herald.http.JsonReply;
import io.herald.http.RequestIdentity;
import io.herald.hub.Audiences;
import io.herald.hub.ChannelGate;
import io.herald.hub.Hub;
import io.herald.hub.Viewer;
import io.herald.protocol.LastEventId;
import io.herald.store.MessageHistory;
import io.herald.store.StoredMessage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The reading side of {@code /api/messages}: history pages ({@code channel} may be a pattern;
 * {@code lastId} says where to continue), the long-poll mode ({@code wait=}) and one message by
 * id, each under the same access rules as the stream. {@link MessagesServlet} publishes.
 */
final class HistoryReading {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    /** The longest a long-poll ({@code wait=}) is held. */
    static final int MAX_WAIT_SECONDS = 30;

    private final Hub hub;
    private final MessageHistory log;
    private final AccessRules rules;
    /** How many long-polls may wait at once. */
    private final int maxWaiting;

    private final Audiences audiences;

    HistoryReading(Hub hub, MessageHistory log, AccessRules rules, Audiences audiences, int maxWaiting) {
        this.hub = hub;
        this.audiences = audiences;
        this.log = log;
        this.rules = rules;
        this.maxWaiting = maxWaiting;
    }

    void history(HttpServletRequest req, HttpServletResponse resp, Viewer viewer) throws ApiError, IOException {
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

    /** Whether {@code viewer} may read {@code m}: its channel's rule, and for an announcement its audience (admins: all). */
    private boolean readable(StoredMessage m, Viewer viewer) {
        return rules.decide(m.channel(), viewer) == AccessRules.Decision.ALLOW && forViewer(m, viewer);
    }

    private boolean forViewer(StoredMessage m, Viewer viewer) {
        return viewer.isAdmin() || audiences.verdict(m, viewer) == Audiences.Verdict.IN;
    }

    void one(String idText, HttpServletResponse resp, Viewer viewer) throws ApiError, IOException {
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
        if (!forViewer(m, viewer)) {
            throw new ApiError(404, "not found", "no message with id " + id.getAsLong()); // for another audience
        }
        JsonReply.send(resp, HttpServletResponse.SC_OK, MessageJson.of(m));
    }
}

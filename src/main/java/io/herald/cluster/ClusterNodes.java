package io.herald.cluster;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.herald.hub.CloseReason;
import io.herald.hub.ConnectionInfo;
import io.herald.store.JdbcClusterStore;
import io.herald.store.StoreException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The connections of every live node. Asking another node is a row in
 * {@code herald_node_command} plus a NOTIFY; that node's relay wakes, answers in the row (JSON),
 * and the asking node polls for the answer until {@code answerTimeout}. Connection ids are per
 * node, so a connection is named by node and id.
 */
final class ClusterNodes implements Nodes {

    private static final System.Logger LOG = System.getLogger(ClusterNodes.class.getName());
    static final String LIST = "connections";
    static final String DESCRIBE = "connection";
    static final String KICK = "kick";
    /** Followed by the close reason's wire name; the argument is the session's key. */
    static final String CLOSE_SESSION = "session:";
    /** Followed by the close reason's wire name; the argument is the user name's key (as a session's). */
    static final String CLOSE_USER = "user:";

    private final JdbcClusterStore store;
    private final LocalNodes local;
    private final double nodeTimeoutSeconds;
    private final Duration answerTimeout;

    ClusterNodes(JdbcClusterStore store, LocalNodes local, double nodeTimeoutSeconds, Duration answerTimeout) {
        this.store = store;
        this.local = local;
        this.nodeTimeoutSeconds = nodeTimeoutSeconds;
        this.answerTimeout = answerTimeout;
    }

    @Override
    public String self() {
        return local.self();
    }

    @Override
    public Connections connections() {
        List<String> live = new ArrayList<>(store.liveNodes(nodeTimeoutSeconds));
        if (!live.contains(self())) {
            live.add(self());
            live.sort(Comparator.naturalOrder());
        }
        Map<String, Long> asked = new LinkedHashMap<>();
        for (String node : live) {
            if (!node.equals(self())) {
                asked.put(node, store.request(node, LIST, 0));
            }
        }
        List<ConnectionView> all = new ArrayList<>(local.local());
        List<String> silent = new ArrayList<>();
        for (Map.Entry<String, Long> request : asked.entrySet()) {
            Optional<String> answer = awaitAnswer(request.getValue());
            if (answer.isEmpty()) {
                silent.add(request.getKey());
            } else {
                for (JsonElement e : JsonParser.parseString(answer.get()).getAsJsonArray()) {
                    all.add(ConnectionView.fromJson(e.getAsJsonObject()));
                }
            }
        }
        all.sort(Comparator.comparing(ConnectionView::node).thenComparingLong(ConnectionView::id));
        return new Connections(all, live, silent);
    }

    @Override
    public Optional<ConnectionView> find(String node, long id) {
        if (node.equals(self())) {
            return local.find(node, id);
        }
        JsonElement answer = JsonParser.parseString(ask(node, DESCRIBE, id));
        return answer.isJsonNull() ? Optional.empty() : Optional.of(ConnectionView.fromJson(answer.getAsJsonObject()));
    }

    @Override
    public boolean kick(String node, long id) {
        if (node.equals(self())) {
            return local.kick(node, id);
        }
        return Boolean.parseBoolean(ask(node, KICK, id));
    }

    @Override
    public int closeSession(long session, CloseReason reason) {
        int closed = local.closeSession(session, reason);
        if (session != 0) {
            tellOthers(CLOSE_SESSION + reason.wireName(), session);
        }
        return closed;
    }

    @Override
    public int closeUser(String user, CloseReason reason) {
        int closed = local.closeUser(user, reason);
        tellOthers(CLOSE_USER + reason.wireName(), ConnectionInfo.nameKey(user));
        return closed;
    }

    /** Leaves the command for every other live node, without waiting for its answer. */
    private void tellOthers(String kind, long argument) {
        for (String node : store.liveNodes(nodeTimeoutSeconds)) {
            if (!node.equals(self())) {
                store.request(node, kind, argument);
            }
        }
    }

    /** Answers the commands addressed to this node (on the cluster worker). */
    void answerPending() {
        for (JdbcClusterStore.Command command : store.pendingCommands()) {
            String answer = switch (command.kind()) {
                case LIST -> {
                    JsonArray list = new JsonArray();
                    local.local().forEach(v -> list.add(v.toJson()));
                    yield list.toString();
                }
                case DESCRIBE -> local.find(self(), command.argument()).map(v -> v.toJson().toString()).orElse("null");
                case KICK -> Boolean.toString(local.kick(self(), command.argument()));
                default -> {
                    Optional<CloseReason> reason = command.kind().startsWith(CLOSE_SESSION)
                            ? CloseReason.named(command.kind().substring(CLOSE_SESSION.length())) : Optional.empty();
                    if (reason.isPresent()) {
                        yield Integer.toString(local.closeSession(command.argument(), reason.get()));
                    }
                    Optional<CloseReason> userReason = command.kind().startsWith(CLOSE_USER)
                            ? CloseReason.named(command.kind().substring(CLOSE_USER.length())) : Optional.empty();
                    if (userReason.isPresent()) {
                        yield Integer.toString(local.closeUserKey(command.argument(), userReason.get()));
                    }
                    LOG.log(Level.WARNING, "unknown cluster command " + command.kind() + " ignored");
                    yield "null";
                }
            };
            store.answer(command.id(), answer);
        }
    }

    private String ask(String node, String kind, long argument) {
        if (!store.liveNodes(nodeTimeoutSeconds).contains(node)) {
            throw new Unavailable("there is no live node " + node, false);
        }
        return awaitAnswer(store.request(node, kind, argument))
                .orElseThrow(() -> new Unavailable("node " + node + " did not answer within " + answerTimeout.toMillis() + " ms", true));
    }

    private Optional<String> awaitAnswer(long command) {
        long deadline = System.nanoTime() + answerTimeout.toNanos();
        long pause = Duration.ofMillis(2).toNanos();
        while (true) {
            try {
                Optional<String> answer = store.answerTo(command);
                if (answer.isPresent() || System.nanoTime() > deadline) {
                    return answer;
                }
            } catch (StoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, Duration.ofMillis(50).toNanos());
        }
    }
}

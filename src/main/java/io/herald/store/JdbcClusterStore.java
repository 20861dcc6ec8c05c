package io.herald.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * What the nodes of a cluster tell each other through PostgreSQL (sql/V5__cluster.sql): which
 * nodes are alive, who is present on which node, and admin commands addressed to one node. Every
 * time is the database's, so the nodes' clocks need not agree. PostgreSQL only.
 */
public final class JdbcClusterStore {

    /** NOTIFY channel: a presence row changed; payload the channel name. */
    public static final String PRESENCE_NOTICE = "herald_presence";
    /** NOTIFY channel: a command waits; payload the node it is addressed to. */
    public static final String COMMAND_NOTICE = "herald_command";

    private static final String LIVE = "seen_at > now() - make_interval(secs => ?)";

    /** A command for this node. */
    public record Command(long id, String kind, long argument) {
    }

    /** A presence change of this node: {@code user} got its first stream on {@code channel}, or closed its last. */
    public record PresenceChange(String channel, String user, boolean present) {
    }

    private final Jdbc jdbc;
    private final String node;

    public JdbcClusterStore(DataSource dataSource, String node) {
        this.jdbc = new Jdbc(dataSource);
        this.node = node;
    }

    /**
     * Says this node is alive. Returns true when the node was not registered (its first beat, or
     * the others declared it dead meanwhile and removed its presence: the caller writes it again).
     */
    public boolean heartbeat() {
        List<Boolean> inserted = new ArrayList<>(1);
        query("heartbeat of node " + node, "INSERT INTO herald_node (node_id, started_at, seen_at) VALUES (?, now(), now()) "
                + "ON CONFLICT (node_id) DO UPDATE SET seen_at = now() RETURNING (xmax = 0)",
                rs -> inserted.add(rs.getBoolean(1)), node);
        return inserted.get(0);
    }

    /** The nodes seen within {@code timeoutSeconds}, this one included once it has beaten, sorted. */
    public List<String> liveNodes(double timeoutSeconds) {
        List<String> nodes = new ArrayList<>();
        query("read of live nodes", "SELECT node_id FROM herald_node WHERE " + LIVE + " ORDER BY node_id",
                rs -> nodes.add(rs.getString(1)), timeoutSeconds);
        return nodes;
    }

    /**
     * Removes the nodes not seen within {@code timeoutSeconds} and their presence, and announces the
     * channels that changed. Returns those channels.
     */
    public Set<String> forgetDeadNodes(double timeoutSeconds) {
        return inTransaction("removal of dead nodes", c -> {
            Set<String> channels = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM herald_presence WHERE node_id IN "
                    + "(SELECT node_id FROM herald_node WHERE NOT (" + LIVE + ")) RETURNING channel")) {
                ps.setDouble(1, timeoutSeconds);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        channels.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM herald_node WHERE NOT (" + LIVE + ")")) {
                ps.setDouble(1, timeoutSeconds);
                ps.executeUpdate();
            }
            notifyChannels(c, channels);
            return channels;
        });
    }

    /** Removes this node and its presence (a clean stop), and announces the channels that changed. */
    public void leave() {
        inTransaction("removal of node " + node, c -> {
            Set<String> channels = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM herald_presence WHERE node_id = ? RETURNING channel")) {
                ps.setString(1, node);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        channels.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM herald_node WHERE node_id = ?")) {
                ps.setString(1, node);
                ps.executeUpdate();
            }
            notifyChannels(c, channels);
            return channels;
        });
    }

    /** Records this node's presence changes, in order, in one transaction, and announces their channels. */
    public void recordPresence(List<PresenceChange> changes) {
        inTransaction("record of presence changes", c -> {
            Set<String> channels = new TreeSet<>();
            try (PreparedStatement add = c.prepareStatement("INSERT INTO herald_presence (node_id, channel, user_name) "
                    + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
                    PreparedStatement remove = c.prepareStatement(
                            "DELETE FROM herald_presence WHERE node_id = ? AND channel = ? AND user_name = ?")) {
                for (PresenceChange change : changes) {
                    PreparedStatement ps = change.present() ? add : remove;
                    ps.setString(1, node);
                    ps.setString(2, change.channel());
                    ps.setString(3, change.user());
                    ps.executeUpdate();
                    channels.add(change.channel());
                }
            }
            notifyChannels(c, channels);
            return channels;
        });
    }

    /** Per presence channel, the users present on live nodes (every channel when {@code only} is null). */
    public Map<String, Set<String>> presence(Set<String> only, double timeoutSeconds) {
        Map<String, Set<String>> users = new TreeMap<>();
        String sql = "SELECT DISTINCT p.channel, p.user_name FROM herald_presence p JOIN herald_node n "
                + "ON n.node_id = p.node_id WHERE n." + LIVE + (only == null ? "" : " AND p.channel = ANY (?)");
        return jdbc.withConnection("read of presence", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setDouble(1, timeoutSeconds);
                if (only != null) {
                    ps.setArray(2, c.createArrayOf("varchar", only.toArray()));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        users.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                    }
                }
            }
            return users;
        });
    }

    /** Addresses a command to {@code target} and wakes it; returns the command's id. */
    public long request(String target, String kind, long argument) {
        return inTransaction("request of " + kind + " from node " + target, c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO herald_node_command (node_id, kind, argument, requested_at) "
                    + "VALUES (?, ?, ?, now())", new String[] {"id"})) {
                ps.setString(1, target);
                ps.setString(2, kind);
                ps.setLong(3, argument);
                ps.executeUpdate();
                id = Jdbc.generatedId(ps);
            }
            Dialect.POSTGRES.notify(c, COMMAND_NOTICE, target);
            return id;
        });
    }

    /** The commands addressed to this node and not yet answered, oldest first. */
    public List<Command> pendingCommands() {
        List<Command> commands = new ArrayList<>();
        query("read of commands for node " + node, "SELECT id, kind, argument FROM herald_node_command "
                + "WHERE node_id = ? AND answered_at IS NULL ORDER BY id",
                rs -> commands.add(new Command(rs.getLong(1), rs.getString(2), rs.getLong(3))), node);
        return commands;
    }

    public void answer(long command, String answer) {
        update("answer to command " + command, "UPDATE herald_node_command SET answered_at = now(), answer = ? WHERE id = ?",
                answer, command);
    }

    /** The answer to a command, once given. */
    public Optional<String> answerTo(long command) {
        List<String> answer = new ArrayList<>(1);
        query("read of the answer to command " + command, "SELECT answer FROM herald_node_command "
                + "WHERE id = ? AND answered_at IS NOT NULL", rs -> answer.add(rs.getString(1)), command);
        return answer.stream().findFirst();
    }

    /** Deletes commands older than {@code seconds}, answered or not. */
    public void purgeCommands(double seconds) {
        update("purge of old commands", "DELETE FROM herald_node_command WHERE requested_at < now() - make_interval(secs => ?)",
                seconds);
    }

    private static void notifyChannels(Connection c, Set<String> channels) throws SQLException {
        for (String channel : channels) {
            Dialect.POSTGRES.notify(c, PRESENCE_NOTICE, channel);
        }
    }

    private void query(String what, String sql, Jdbc.RowReader reader, Object... args) {
        jdbc.query(what, sql, reader, args);
    }

    private void update(String what, String sql, Object... args) {
        jdbc.update(what, sql, args);
    }

    private <T> T inTransaction(String what, Jdbc.Work<T> work) {
        return jdbc.inTransaction(what, work);
    }
}

package io.herald.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** {@link MessagePruning} in tables {@code herald_message} and {@code herald_channel_floor}. */
public final class JdbcPruning implements MessagePruning {

    private final Jdbc jdbc;

    public JdbcPruning(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Map<String, Long> pruneCandidates(Instant olderThan, int maxPerChannel) {
        return jdbc.withConnection("search for messages to prune", c -> {
            Map<String, Long> cutoffs = new TreeMap<>();
            if (olderThan != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT channel, MAX(id) FROM herald_message WHERE created_at < ? GROUP BY channel")) {
                    ps.setObject(1, Jdbc.timestamp(olderThan));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            cutoffs.merge(rs.getString(1), rs.getLong(2), Math::max);
                        }
                    }
                }
            }
            if (maxPerChannel > 0) {
                List<String> crowded = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT channel FROM herald_message GROUP BY channel HAVING COUNT(*) > ?")) {
                    ps.setLong(1, maxPerChannel);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            crowded.add(rs.getString(1));
                        }
                    }
                }
                for (String channel : crowded) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT id FROM herald_message WHERE channel = ? ORDER BY id DESC LIMIT 1 OFFSET ?")) {
                        ps.setString(1, channel);
                        ps.setLong(2, maxPerChannel);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                cutoffs.merge(channel, rs.getLong(1), Math::max);
                            }
                        }
                    }
                }
            }
            return cutoffs;
        });
    }

    /** The floor and the delete in one transaction: the database never holds a gap without its floor. */
    @Override
    public void pruneThrough(String channel, long through) {
        jdbc.inTransaction("prune of channel " + channel + " through id " + through, c -> {
            int raised;
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE herald_channel_floor SET pruned_through = ? WHERE channel = ? AND pruned_through < ?")) {
                up.setLong(1, through);
                up.setString(2, channel);
                up.setLong(3, through);
                raised = up.executeUpdate();
            }
            if (raised == 0) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO herald_channel_floor (channel, pruned_through) "
                        + "SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM herald_channel_floor WHERE channel = ?)")) {
                    ins.setString(1, channel);
                    ins.setLong(2, through);
                    ins.setString(3, channel);
                    ins.executeUpdate();
                }
            }
            for (String table : List.of("herald_message WHERE channel = ? AND id <= ?",
                    "herald_receipt WHERE channel = ? AND message_id <= ?")) {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table)) {
                    del.setString(1, channel);
                    del.setLong(2, through);
                    del.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public int pruneKeys(Instant before) {
        return jdbc.inTransaction("prune of idempotency keys written before " + before, c -> PublishKeys.prune(c, before));
    }
}

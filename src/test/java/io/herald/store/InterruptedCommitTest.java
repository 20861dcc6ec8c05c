package io.herald.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.support.CommitKiller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 2.5 reopens a file whose process was killed while a transaction committed with that
 * transaction still open: its rows stay hidden and locked for good, and after an index rebuild
 * reads fail and the next start breaks ("Map null(N) is closed"). Herald ends such transactions
 * right after opening the file ({@link Dialect#finishInterruptedCommits}). Real child JVMs halted
 * 60 to 240 ms into a 30,000-row commit: afterwards the commit is whole (all rows or none),
 * every index agrees with its table after the rebuild Herald does, and writes work, also after
 * the next clean start.
 */
class InterruptedCommitTest {

    @TempDir
    Path dir;

    @Test
    void aCommitCutByAKillIsEndedWholeAndTheDatabaseWorksOn() throws Exception {
        int leftovers = 0;
        List<String> rounds = new ArrayList<>();
        for (long haltAfter : new long[] {60, 120, 240}) {
            Path round = Files.createDirectories(dir.resolve("halt-" + haltAfter));
            String halted = killMidCommit(round, haltAfter);
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(CommitKiller.url(round));
            h2.setUser("sa");
            int finished = Dialect.finishInterruptedCommits(h2);
            leftovers += finished;
            rounds.add(halted + ", ended " + finished);
            try (Connection c = h2.getConnection()) {
                Dialect.H2.rebuildIndexes(c); // what Herald does after an unclean stop
                long rows = count(c, "SELECT COUNT(*) FROM herald_message");
                assertTrue(rows == 0 || rows == CommitKiller.ROWS, "the commit is whole: " + rows + " rows; " + rounds);
                assertEquals(count(c, "SELECT COUNT(*) FROM herald_message WHERE data IS NOT NULL AND channel = 'c1'"),
                        count(c, "SELECT COUNT(*) FROM herald_message USE INDEX (herald_message_channel_id) WHERE channel = 'c1'"),
                        "the channel index agrees with its table; " + rounds);
                try (Statement st = c.createStatement()) {
                    assertEquals(1, st.executeUpdate("INSERT INTO herald_message (channel, data) VALUES ('c1', 'after')"));
                    st.execute("SHUTDOWN");
                }
            }
            try (Connection next = h2.getConnection(); Statement st = next.createStatement()) {
                assertEquals(1, st.executeUpdate("INSERT INTO herald_message (channel, data) VALUES ('c1', 'next start')"),
                        "the next start writes; " + rounds);
                st.execute("SHUTDOWN");
            }
        }
        assertTrue(leftovers > 0, "at least one kill must cut a commit, or this test proves nothing: " + rounds);
    }

    /** Runs {@link CommitKiller} and returns its HALT line. */
    private static String killMidCommit(Path round, long haltAfter) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CommitKiller.class.getName(), round.toString(),
                Long.toString(haltAfter)).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the child did not halt within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return out.lines().filter(l -> l.startsWith("HALT")).findFirst().orElse("no HALT line: " + out);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package io.herald.store;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The JDBC message log, history and pruning over one database, and what their tests share. */
final class MessageTables {

    final JdbcMessageLog log;
    final JdbcHistory history;
    final JdbcPruning pruning;

    MessageTables(DataSource dataSource) {
        this.log = new JdbcMessageLog(dataSource);
        this.history = new JdbcHistory(dataSource);
        this.pruning = new JdbcPruning(dataSource);
    }

    static List<Long> ids(List<StoredMessage> messages) {
        return messages.stream().map(StoredMessage::id).toList();
    }

    /** Appends one message per data string, each on its own, and returns their ids. */
    List<Long> appendEach(String channel, String... data) {
        List<Long> ids = new ArrayList<>();
        for (String d : data) {
            ids.add(log.append(List.of(new NewMessage(channel, null, d))).get(0).id());
        }
        return ids;
    }
}

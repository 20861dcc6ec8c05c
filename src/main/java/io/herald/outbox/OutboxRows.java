package io.herald.outbox;

import io.herald.protocol.Names;
import io.herald.store.OutboxTable;
import java.util.Optional;

/** Whether an outbox row can be a message: the channel and event name rules of the API, and data present. */
final class OutboxRows {

    private OutboxRows() {
    }

    /** Why {@code row} cannot be published, or empty. */
    static Optional<String> problem(OutboxTable.Row row) {
        if (row.channel() == null) {
            return Optional.of("channel is null");
        }
        Optional<String> channel = Names.channelProblem(row.channel());
        if (channel.isPresent()) {
            return channel;
        }
        if (row.event() != null && !row.event().isEmpty()) {
            Optional<String> event = Names.eventNameProblem(row.event());
            if (event.isPresent()) {
                return event;
            }
        }
        return row.data() == null ? Optional.of("data is null") : Optional.empty();
    }

}

package io.herald.store;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A {@link MessageLog} that passes every call on; a subclass overrides the calls it guards (or a test, the ones it watches). */
public abstract class ForwardingMessageLog implements MessageLog {

    private final MessageLog delegate;

    protected ForwardingMessageLog(MessageLog delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<List<Appended>> appendAll(List<List<NewMessage>> publications) {
        return delegate.appendAll(publications);
    }

    /** Final: what appends goes through {@link #appendAll}, so that is the call a subclass overrides. */
    @Override
    public final List<StoredMessage> append(List<NewMessage> batch) {
        return MessageLog.super.append(batch);
    }

    @Override
    public List<StoredMessage> readAfter(Set<String> channels, long afterId, long upToId, int limit) {
        return delegate.readAfter(channels, afterId, upToId, limit);
    }

    @Override
    public Page readPage(Set<String> channels, long afterId, long upToId, int limit, long maxBytes) {
        return delegate.readPage(channels, afterId, upToId, limit, maxBytes);
    }

    @Override
    public boolean defersForce() {
        return delegate.defersForce();
    }

    @Override
    public void forceAppended() {
        delegate.forceAppended();
    }

    @Override
    public void sync() {
        delegate.sync();
    }

    @Override
    public List<StoredMessage> restore(List<Journaled> entries) {
        return delegate.restore(entries);
    }

    @Override
    public int rebuildIndexes() {
        return delegate.rebuildIndexes();
    }

    @Override
    public void continueAfter(long id) {
        delegate.continueAfter(id);
    }

    @Override
    public long lastId() {
        return delegate.lastId();
    }

    @Override
    public Map<String, Long> floors() {
        return delegate.floors();
    }

    @Override
    public long oldestId(Set<String> channels) {
        return delegate.oldestId(channels);
    }

    @Override
    public List<Position> newestPositions(Set<String> channels, long upToId, int limit) {
        return delegate.newestPositions(channels, upToId, limit);
    }

    @Override
    public long newestId(Set<String> channels) {
        return delegate.newestId(channels);
    }
}

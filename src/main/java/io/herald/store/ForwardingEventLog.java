package io.herald.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** An {@link EventLog} that passes every call on; a subclass overrides the calls it guards (or a test, the ones it watches). */
public abstract class ForwardingEventLog implements EventLog {

    private final EventLog delegate;

    protected ForwardingEventLog(EventLog delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<StoredMessage> append(List<NewMessage> batch) {
        return delegate.append(batch);
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
    public Optional<StoredMessage> find(long id) {
        return delegate.find(id);
    }

    @Override
    public void sync() {
        delegate.sync();
    }

    @Override
    public void restore(List<StoredMessage> messages) {
        delegate.restore(messages);
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
    public long count() {
        return delegate.count();
    }

    @Override
    public List<StoredMessage> search(String channel, String text, long beforeId, int limit) {
        return delegate.search(channel, text, beforeId, limit);
    }

    @Override
    public List<String> channels(int limit) {
        return delegate.channels(limit);
    }

    @Override
    public java.util.Map<String, Long> pruneCandidates(java.time.Instant olderThan, int maxPerChannel) {
        return delegate.pruneCandidates(olderThan, maxPerChannel);
    }

    @Override
    public void pruneThrough(String channel, long through) {
        delegate.pruneThrough(channel, through);
    }

    @Override
    public java.util.Map<String, Long> floors() {
        return delegate.floors();
    }

    @Override
    public long oldestId(Set<String> channels) {
        return delegate.oldestId(channels);
    }

    @Override
    public long sizeBytes() {
        return delegate.sizeBytes();
    }
}

package io.herald.hub;

import io.herald.protocol.Frames;
import io.herald.store.StoredMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Fan-out on this node: encodes each stored message once and queues that shared frame on every
 * live subscriber of its channel that the message's audience takes in, in id order, under the
 * registry's monitor; a subscriber whose queue overflows is closed as slow; the subscribers that
 * need a drain go to the writers.
 */
final class LocalFanOut implements FanOut {

    private final Registry registry;
    private final Subscriptions subscriptions;
    private final Traffic traffic;
    private final Writers writers;
    private final Waiters waiters;
    private final HubObserver observer;
    private final Audiences audiences;

    LocalFanOut(Registry registry, Subscriptions subscriptions, Traffic traffic, Writers writers, Waiters waiters,
            HubObserver observer, Audiences audiences) {
        this.registry = registry;
        this.subscriptions = subscriptions;
        this.traffic = traffic;
        this.writers = writers;
        this.waiters = waiters;
        this.observer = observer;
        this.audiences = audiences;
    }

    @Override
    public void fanOut(List<StoredMessage> batch, long[] submitted) {
        byte[][] frames = new byte[batch.size()][];
        for (int i = 0; i < frames.length; i++) {
            StoredMessage m = batch.get(i);
            frames[i] = Frames.message(m.id(), m.event(), m.data());
        }
        // Reported before any frame is queued, so what hears of a message (receipts) knows it before
        // a write of it can complete. Ids ascend: the new ones are a tail (a cluster node may be
        // handed some again; what hears of them takes a repeat as it took the first).
        long before = registry.lastFanned();
        int tail = 0;
        while (tail < batch.size() && batch.get(tail).id() <= before) {
            tail++;
        }
        if (tail < batch.size()) {
            observer.fannedOut(batch.subList(tail, batch.size()));
        }
        List<Subscriber> woken = new ArrayList<>();
        List<Subscriber> slow = new ArrayList<>(0);
        List<Subscriber> unjudged = new ArrayList<>(0);
        long queued = 0;
        int firstNew = frames.length;
        synchronized (registry) {
            long last = registry.lastFanned();
            for (int i = 0; i < frames.length; i++) {
                StoredMessage m = batch.get(i);
                if (m.id() <= last) {
                    continue; // fanned out already (cluster mode reads what it may have sent)
                }
                firstNew = Math.min(firstNew, i);
                Audiences.Judge audience = audiences.of(m);
                for (Subscriber s : registry.readersOf(m.channel())) {
                    Audiences.Verdict verdict = audience == null ? Audiences.Verdict.IN : audience.of(s.info().viewer());
                    if (verdict != Audiences.Verdict.IN) {
                        if (verdict == Audiences.Verdict.UNKNOWN) {
                            unjudged.add(s);
                        }
                        continue;
                    }
                    Subscriber.Offer offer = s.offerLive(m.id(), frames[i], submitted[i]);
                    if (offer == Subscriber.Offer.WAKE) {
                        woken.add(s);
                        queued++;
                    } else if (offer == Subscriber.Offer.QUEUED) {
                        queued++;
                    } else if (offer == Subscriber.Offer.OVERFLOW) {
                        slow.add(s);
                    }
                }
                last = m.id();
                registry.fannedOut(last);
            }
        }
        traffic.queued(queued);
        // offerLive already closed these, inside their own lock, the moment they overflowed; their
        // close frame goes out with the others.
        for (Subscriber s : slow) {
            subscriptions.forget(s, CloseReason.SLOW_CONSUMER);
            woken.add(s);
        }
        // A message for an audience whose role such a stream was never asked about: it reconnects
        // (Last-Event-ID), is judged with that role, and catches the message up if it is for it.
        for (Subscriber s : unjudged) {
            subscriptions.close(s, CloseReason.REAUTH);
        }
        writers.wake(woken);
        if (firstNew < frames.length) {
            waiters.fannedOut(batch.subList(firstNew, frames.length)); // ids ascend: the new ones are a tail
        }
    }
}

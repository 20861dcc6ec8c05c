package io.herald.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, for the publications of one append transaction, which messages are stored and which are
 * answered from their idempotency keys: by a key found in the table ({@code earlier}), or by one
 * claimed earlier in the same transaction. A publication with a conflict stores nothing and
 * claims no key. Used once, by one thread: {@link #decide} each publication in order, then insert
 * {@link #toStore}, then {@link #keyed} and {@link #results} with what the insert stored.
 */
final class KeyedAppend {

    /** What becomes of one message, until the ids of the stored ones are known. */
    private sealed interface Decision {
    }

    /** Stored as {@code toStore.get(index)}. */
    private record Store(int index) implements Decision {
    }

    /** Answered from a key in the table. */
    private record Answered(Appended outcome) implements Decision {
    }

    /** A repeat of {@code toStore.get(index)}, the same message ({@code differs} empty) or not. */
    private record RepeatOf(int index, String differs) implements Decision {
    }

    private record Withheld() implements Decision {
    }

    private final Map<PublishKey, PublishKeys.Row> earlier;
    private final Map<PublishKey, Integer> claimed = new HashMap<>();
    private final List<NewMessage> toStore = new ArrayList<>();
    private final List<List<Decision>> decisions = new ArrayList<>();

    KeyedAppend(Map<PublishKey, PublishKeys.Row> earlier) {
        this.earlier = earlier;
    }

    void decide(List<NewMessage> publication) {
        int storedBefore = toStore.size();
        List<PublishKey> claimedHere = new ArrayList<>(0);
        List<Decision> outcomes = new ArrayList<>(publication.size());
        boolean conflict = false;
        for (NewMessage m : publication) {
            PublishKey key = m.key();
            Decision d;
            if (key == null) {
                d = store(m);
            } else if (earlier.containsKey(key)) {
                Appended answer = earlier.get(key).outcomeFor(m);
                conflict |= answer.outcome() == Appended.Outcome.CONFLICT;
                d = new Answered(answer);
            } else if (claimed.containsKey(key)) {
                int index = claimed.get(key);
                String differs = PublishKeys.differences(toStore.get(index), m);
                conflict |= !differs.isEmpty();
                d = new RepeatOf(index, differs);
            } else {
                d = store(m);
                claimed.put(key, toStore.size() - 1);
                claimedHere.add(key);
            }
            outcomes.add(d);
        }
        if (conflict) {
            toStore.subList(storedBefore, toStore.size()).clear();
            claimedHere.forEach(claimed::remove);
            for (int i = 0; i < outcomes.size(); i++) {
                Decision d = outcomes.get(i);
                boolean ownConflict = d instanceof Answered a && a.outcome().outcome() == Appended.Outcome.CONFLICT
                        || d instanceof RepeatOf r && r.index() < storedBefore && !r.differs().isEmpty();
                if (!ownConflict) {
                    outcomes.set(i, new Withheld());
                }
            }
        }
        decisions.add(outcomes);
    }

    private Decision store(NewMessage m) {
        toStore.add(m);
        return new Store(toStore.size() - 1);
    }

    /** The messages to insert, in id order. */
    List<NewMessage> toStore() {
        return toStore;
    }

    /** The stored messages that carry a key, with it: the rows of the key table to write. */
    List<Journaled> keyed(List<StoredMessage> stored) {
        List<Journaled> keyed = new ArrayList<>(0);
        for (int i = 0; i < stored.size(); i++) {
            if (toStore.get(i).key() != null) {
                keyed.add(new Journaled(stored.get(i), toStore.get(i).key()));
            }
        }
        return keyed;
    }

    /** What became of each message, per publication, given what the insert of {@link #toStore} stored. */
    List<List<Appended>> results(List<StoredMessage> stored) {
        List<List<Appended>> results = new ArrayList<>(decisions.size());
        for (List<Decision> publication : decisions) {
            List<Appended> outcomes = new ArrayList<>(publication.size());
            for (Decision d : publication) {
                outcomes.add(outcome(d, stored));
            }
            results.add(List.copyOf(outcomes));
        }
        return results;
    }

    private static Appended outcome(Decision d, List<StoredMessage> stored) {
        if (d instanceof Store s) {
            return Appended.stored(stored.get(s.index()));
        }
        if (d instanceof Answered a) {
            return a.outcome();
        }
        if (d instanceof RepeatOf r) {
            return r.differs().isEmpty() ? Appended.replayed(stored.get(r.index()))
                    : Appended.conflict(withoutData(stored.get(r.index())), r.differs());
        }
        return Appended.withheld();
    }

    private static StoredMessage withoutData(StoredMessage m) {
        return new StoredMessage(m.id(), m.channel(), m.event(), "", m.createdAt());
    }
}

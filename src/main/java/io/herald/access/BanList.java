package io.herald.access;

import io.herald.hub.CloseReason;
import io.herald.hub.Hub;
import io.herald.store.Actor;
import io.herald.store.Ban;
import io.herald.store.BanStore;
import java.util.List;
import java.util.Optional;

/**
 * The bans in force: kept in the database, mirrored in memory so that every stream request is
 * checked without a query. Banning closes the banned user's or address's open connections (their
 * {@code EventSource} reconnects, gets {@code 204} and stops for good).
 */
public final class BanList {

    private final BanStore store;
    private final Hub hub;
    private volatile List<Ban> bans;

    public BanList(BanStore store, Hub hub) {
        this.store = store;
        this.hub = hub;
        this.bans = List.copyOf(store.list());
    }

    /** True when a ban covers a request from {@code user} (null: anonymous) at {@code address}. */
    public boolean isBanned(String user, String address) {
        for (Ban ban : bans) {
            if (ban.covers(user, address)) {
                return true;
            }
        }
        return false;
    }

    /** Every ban, newest first. */
    public List<Ban> all() {
        return bans;
    }

    /**
     * Bans {@code user}, or {@code address} when user is null, and closes the connections it
     * covers; returns the ban and how many connections it closed.
     */
    public synchronized Banned ban(String user, String address, String reason, Actor by) {
        Ban ban = store.add(user, address, reason, by);
        bans = List.copyOf(store.list());
        store.announceChange();
        int closed = hub.closeWhere(s -> ban.covers(s.info().user(), s.info().remoteAddress()), CloseReason.BANNED);
        return new Banned(ban, closed);
    }

    /** Lifts a ban; empty when there was none with that id. */
    public synchronized Optional<Ban> lift(long id, Actor by) {
        Optional<Ban> lifted = store.remove(id, by);
        bans = List.copyOf(store.list());
        store.announceChange();
        return lifted;
    }

    /** Reads the bans again (another node changed them) and closes this node's streams they cover. */
    public synchronized void refresh() {
        bans = List.copyOf(store.list());
        hub.closeWhere(s -> isBanned(s.info().user(), s.info().remoteAddress()), CloseReason.BANNED);
    }

    public record Banned(Ban ban, int connectionsClosed) {
    }
}

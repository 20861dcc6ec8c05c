package io.herald.store;

import java.util.List;
import java.util.Optional;

/** Where bans live, so that they survive restarts. Throws {@link StoreException} when the database fails. */
public interface BanStore {

    /** Every ban, newest first. */
    List<Ban> list();

    /** Stores a ban on {@code user} or on {@code address} (exactly one non-null), and its audit entry. */
    Ban add(String user, String address, String reason, Actor by);

    /** Removes the ban and records who lifted it; empty (and nothing recorded) when there was none with that id. */
    Optional<Ban> remove(long id, Actor by);

    /** Tells the other nodes that bans, rules or keys changed (PostgreSQL NOTIFY herald_config; nothing on H2). */
    void announceChange();
}

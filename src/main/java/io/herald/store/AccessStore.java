package io.herald.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Channel rules, API keys and tickets in the database. Throws {@link StoreException} when it fails. */
public interface AccessStore {

    List<ChannelRule> rules();

    /** Adds or replaces the rule for {@code pattern}, and records the change. */
    ChannelRule putRule(String pattern, String access, boolean presence, Actor by);

    /** Removes the rule and records it; empty (nothing recorded) when there is none with that id. */
    Optional<ChannelRule> removeRule(long id, Actor by);

    /** Every key, revoked ones too, newest first. */
    List<ApiKey> keys();

    /** Stores a new key and records it. */
    ApiKey addKey(String name, String prefix, String hash, Actor by);

    /** Marks the key revoked and records it; empty (nothing recorded) when there is no such key or it was revoked already. */
    Optional<ApiKey> revokeKey(long id, Actor by);

    void keyUsed(long id, Instant when);

    void addTicket(Ticket ticket);

    /**
     * Takes the ticket: returns it and deletes it when it exists and has not expired at
     * {@code now}; empty otherwise. Of two concurrent calls for one ticket, at most one gets it.
     */
    Optional<Ticket> takeTicket(String hash, Instant now);

    /** Deletes tickets that expired before {@code now}; returns how many. */
    int pruneTickets(Instant now);

    /** Tells the other nodes that bans, rules or keys changed (PostgreSQL NOTIFY herald_config; nothing on H2). */
    void announceChange();
}

package io.herald.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Channel rules, API keys and tickets in the database. Throws {@link StoreException} when it fails. */
public interface AccessStore {

    List<ChannelRule> rules();

    /** Adds or replaces the rule for {@code pattern}. */
    ChannelRule putRule(String pattern, String access, boolean presence, String by);

    Optional<ChannelRule> removeRule(long id);

    /** Every key, revoked ones too, newest first. */
    List<ApiKey> keys();

    ApiKey addKey(String name, String prefix, String hash, String by);

    /** Marks the key revoked; empty when there is no such key or it was revoked already. */
    Optional<ApiKey> revokeKey(long id);

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

package io.herald.store;

/** Who did something, for the audit trail: a user (or an API key's label) and the address it came from. */
public record Actor(String name, String address) {

    /** Herald itself (a setting applied at start): no user, no address. */
    public static final Actor HERALD = new Actor("herald", null);

    public Actor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an actor has a name");
        }
    }
}

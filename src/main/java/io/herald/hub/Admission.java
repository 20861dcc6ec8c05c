package io.herald.hub;

/** What {@link Hub#admit} decided about a stream and the connection limits. */
public enum Admission { ADMITTED, TOO_MANY_IN_TOTAL, TOO_MANY_FOR_CLIENT }

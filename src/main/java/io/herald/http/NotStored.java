package io.herald.http;

/**
 * A publish that ended without a stored message, and why. For {@link Why#FAILED} the cause is
 * what the store threw; the message may still have been stored after {@link Why#TIMED_OUT}.
 */
public final class NotStored extends Exception {

    /** The three ways a wait for a commit ends without one. */
    public enum Why {
        /** The waiting thread was interrupted (the container is stopping). */
        INTERRUPTED,
        /** The store refused the append: {@link NotStored#getCause()} says why. */
        FAILED,
        /** No commit within the timeout: the database is slow or stuck. */
        TIMED_OUT
    }

    private final Why why;
    private final long timeoutMillis;

    NotStored(Why why, long timeoutMillis, Throwable cause) {
        super(why + " after waiting at most " + timeoutMillis + " ms", cause);
        this.why = why;
        this.timeoutMillis = timeoutMillis;
    }

    public Why why() {
        return why;
    }

    /** How long the publisher waited at most. */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** What the store said when it refused the message (FAILED), else what ended the wait. */
    public String causeMessage() {
        return getCause() == null ? null : getCause().getMessage();
    }
}

package io.herald.store;

/** A store operation failed; the message names the operation, the cause is the driver's error. */
public final class StoreException extends RuntimeException {

    public StoreException(String operation, Throwable cause) {
        super(operation + " failed: " + cause.getMessage(), cause);
    }
}

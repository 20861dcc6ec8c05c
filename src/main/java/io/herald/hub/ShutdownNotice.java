package io.herald.hub;

import io.herald.protocol.Frames;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a stream gets when Herald shuts down: a reconnect delay drawn for that stream alone, so the
 * clients of a stopping node come back spread over {@code spreadMillis} instead of in one second.
 * The delay goes out twice: as {@code retry:}, which a native {@code EventSource} honours, and in
 * the close event's JSON, which herald.js and other clients read.
 *
 * <pre>
 * retry: 7412
 *
 * event: close
 * data: {"reason":"shutdown","reconnectAfterMs":7412}
 *
 * </pre>
 *
 * With {@code retryMillis} 3000 and {@code spreadMillis} 10000 the delay is uniform in
 * [3000, 13000]; with a spread of 0 it is {@code retryMillis} for everyone.
 */
final class ShutdownNotice {

    private final long retryMillis;
    private final long spreadMillis;

    ShutdownNotice(long retryMillis, long spreadMillis) {
        if (retryMillis < 0 || spreadMillis < 0) {
            throw new IllegalArgumentException("retry and spread must not be negative: " + retryMillis + ", " + spreadMillis);
        }
        this.retryMillis = retryMillis;
        this.spreadMillis = spreadMillis;
    }

    /** A fresh frame for one stream (never shared: each stream draws its own delay). */
    byte[] next() {
        long delay = retryMillis + (spreadMillis == 0 ? 0 : ThreadLocalRandom.current().nextLong(spreadMillis + 1));
        return frame(delay);
    }

    static byte[] frame(long reconnectAfterMillis) {
        byte[] retry = Frames.retry(reconnectAfterMillis);
        byte[] close = Frames.encode("close", "{\"reason\":\"" + CloseReason.SHUTDOWN.wireName()
                + "\",\"reconnectAfterMs\":" + reconnectAfterMillis + "}", null);
        byte[] both = new byte[retry.length + close.length];
        System.arraycopy(retry, 0, both, 0, retry.length);
        System.arraycopy(close, 0, both, retry.length, close.length);
        return both;
    }
}

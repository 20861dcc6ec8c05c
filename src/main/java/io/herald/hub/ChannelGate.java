package io.herald.hub;

/**
 * Whether a stream may read one channel that reached it through a pattern ({@code orders/*}):
 * asked at delivery and during catch-up for every such channel, so a pattern never widens what its
 * viewer may read. Channels a stream names itself were decided when it opened.
 */
@FunctionalInterface
public interface ChannelGate {

    /** Lets every channel through: for streams whose viewer may read anything, and for tests. */
    ChannelGate EVERY = channel -> true;

    boolean mayRead(String channel);
}

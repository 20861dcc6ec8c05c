package io.herald.bench.loadgen;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Hands out client source addresses 127.0.0.1 .. 127.0.0.254 round robin. Linux routes all of
 * 127/8 to the loopback interface, and each source address has its own ~28,000 ephemeral ports,
 * so tens of thousands of connections to one server port never run out of ports (nor collide with
 * TIME_WAIT leftovers of an earlier run). Not thread safe: one per thread.
 */
final class LocalAddresses {

    private static final InetSocketAddress[] ALL = new InetSocketAddress[254];

    static {
        for (int i = 0; i < ALL.length; i++) {
            try {
                ALL[i] = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (i + 1)}), 0);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
    }

    private int next;

    /** Starts at a different address per user so that shards and threads spread out. */
    LocalAddresses(int offset) {
        this.next = Math.floorMod(offset, ALL.length);
    }

    InetSocketAddress next() {
        InetSocketAddress a = ALL[next];
        next = (next + 1) % ALL.length;
        return a;
    }
}

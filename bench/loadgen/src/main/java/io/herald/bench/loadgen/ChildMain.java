package io.herald.bench.loadgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of a child shard process (started by {@link ChildShard} with {@code --child}).
 * Protocol on stdout, one line each:
 * <pre>
 *   CONNECTED &lt;established&gt; &lt;failed&gt; &lt;all-done:true|false&gt;   connect phase over
 *   SETTLED                                 every subscriber has all messages or has ended
 *   RESULT {json}                           after STOP: the {@link ShardResult}
 * </pre>
 * and on stdin the line {@code STOP}. Closing stdin (the coordinator died) or the child deadline
 * passing also stops it, so the process always ends and always reports.
 */
final class ChildMain {

    static final String CONNECTED = "CONNECTED";
    static final String SETTLED = "SETTLED";
    static final String RESULT = "RESULT";
    static final String STOP = "STOP";

    private ChildMain() {
    }

    static int run(Options o) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + o.childDeadlineSeconds * 1_000_000_000L;
        int expected = o.mode == Options.Mode.IDLE ? 0 : o.messages;
        ShardConfig cfg = new ShardConfig(o.subUrl, o.lastEventId, expected, o.runStartNanos,
                o.mode == Options.Mode.FANOUT, o.threads, o.connectConcurrency, o.shardIndex * 97);
        SubscriberShard shard = new SubscriberShard(cfg, o.subscribers);

        CountDownLatch stop = new CountDownLatch(1);
        Thread stdin = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
                String line;
                while ((line = r.readLine()) != null && !line.trim().equals(STOP)) {
                    // ignore anything else
                }
            } catch (IOException ignored) {
                // treated as end of input
            }
            stop.countDown();
        }, "stdin");
        stdin.setDaemon(true);
        stdin.start();

        shard.start();
        boolean all = shard.awaitConnected(Math.min(deadline, start + o.timeoutSeconds * 1_000_000_000L));
        long failed = o.subscribers - shard.pendingConnects() - shard.connectedCount();
        System.out.println(CONNECTED + " " + shard.connectedCount() + " " + failed + " " + all);
        System.out.flush();

        if (o.mode != Options.Mode.IDLE) {
            Thread settle = new Thread(() -> {
                try {
                    if (shard.awaitSettled(deadline)) {
                        System.out.println(SETTLED);
                        System.out.flush();
                    }
                } catch (InterruptedException ignored) {
                    // stopping
                }
            }, "settle-watch");
            settle.setDaemon(true);
            settle.start();
        }

        stop.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        ShardResult r = shard.stop();
        System.out.println(RESULT + " " + r.toJson());
        System.out.flush();
        return 0;
    }
}

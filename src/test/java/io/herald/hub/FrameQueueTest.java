package io.herald.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The frame ring keeps frames and their ids in order through wrap-around, growth and clearing. */
class FrameQueueTest {

    @Test
    void framesAndIdsComeOutInOrderThroughWrapAroundAndGrowth() {
        FrameQueue queue = new FrameQueue();
        ArrayDeque<Long> model = new ArrayDeque<>();
        Random random = new Random(42);
        long next = 1;
        for (int step = 0; step < 20_000; step++) {
            if (random.nextInt(3) > 0 || model.isEmpty()) {
                queue.add(Long.toString(next).getBytes(), next);
                model.add(next++);
            } else {
                long expected = model.poll();
                assertEquals(expected, queue.headId());
                assertArrayEquals(Long.toString(expected).getBytes(), queue.remove());
            }
            assertEquals(model.size(), queue.size());
        }
        int offset = 0;
        for (long id : model) {
            assertArrayEquals(Long.toString(id).getBytes(), queue.peek(offset++));
        }
    }

    @Test
    void clearEmptiesTheQueueAndItIsUsableAgain() {
        FrameQueue queue = new FrameQueue();
        for (int i = 0; i < 10; i++) {
            queue.add(new byte[] {(byte) i}, i);
        }
        queue.remove();
        queue.clear();
        assertTrue(queue.isEmpty());
        queue.add(new byte[] {7}, 7);
        assertEquals(7, queue.headId());
        assertArrayEquals(new byte[] {7}, queue.remove());
    }
    @Test
    void itCountsItsBytesAndTheChargedOnesThroughRemovalsAndDrops() {
        FrameQueue queue = new FrameQueue();
        queue.add(new byte[10], 0);                 // retry: not charged
        queue.add(new byte[100], 1, 0L, true);      // replayed
        queue.add(new byte[200], 2, 0L, true);
        queue.add(new byte[5], 0);                  // a notice
        queue.add(new byte[300], 3, 0L, true);
        queue.add(new byte[400], 4, 0L, true);
        assertEquals(1015, queue.bytes());
        assertEquals(1000, queue.chargedBytes());

        assertEquals(3, queue.firstIdOfChargedTail());
        assertEquals(700, queue.dropChargedTail(), "only the charged frames after the notice");
        assertEquals(315, queue.bytes());
        assertEquals(2, queue.lastId());

        queue.remove();
        queue.remove();
        assertEquals(205, queue.bytes());
        assertEquals(200, queue.chargedBytes());
        assertEquals(200, queue.truncateFromFirstCharged(), "the first charged frame and all after it");
        assertTrue(queue.isEmpty());
        assertEquals(0, queue.bytes());
        assertEquals(0, queue.lastId());
    }
}

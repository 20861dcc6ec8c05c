package io.herald.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedDecoderTest {

    private record Decoded(String body, ChunkedDecoder.Result result) { }

    private static Decoded decode(String wire, int... splits) {
        ChunkedDecoder d = new ChunkedDecoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = wire.getBytes(StandardCharsets.ISO_8859_1);
        int prev = 0;
        ChunkedDecoder.Result r = ChunkedDecoder.Result.MORE;
        int[] ends = new int[splits.length + 1];
        System.arraycopy(splits, 0, ends, 0, splits.length);
        ends[splits.length] = b.length;
        for (int e : ends) {
            r = d.feed(b, prev, e - prev, out::write);
            prev = e;
            if (r != ChunkedDecoder.Result.MORE) {
                break;
            }
        }
        return new Decoded(out.toString(StandardCharsets.ISO_8859_1), r);
    }

    @Test
    void decodes_chunks_at_every_split() {
        String wire = "7\r\nretry: \r\n18\r\n3000\n\ndata: hello world\n\r\nA;ext=1\r\nid: 42\n\n:\n\r\n0\r\n\r\n";
        String body = "retry: 3000\n\ndata: hello world\nid: 42\n\n:\n";
        assertEquals(new Decoded(body, ChunkedDecoder.Result.END), decode(wire));
        for (int i = 0; i <= wire.length(); i++) {
            assertEquals(new Decoded(body, ChunkedDecoder.Result.END), decode(wire, i), "split at " + i);
            for (int j = i; j <= wire.length(); j += 3) {
                assertEquals(new Decoded(body, ChunkedDecoder.Result.END), decode(wire, i, j), "split " + i + "," + j);
            }
        }
    }

    @Test
    void open_stream_wants_more() {
        assertEquals(new Decoded("data: a\n\n", ChunkedDecoder.Result.MORE), decode("9\r\ndata: a\n\n\r\n"));
        assertEquals(new Decoded("data", ChunkedDecoder.Result.MORE), decode("9\r\ndata"));
    }

    @Test
    void uppercase_hex_lf_only_and_trailers() {
        assertEquals(new Decoded("x".repeat(0x1F), ChunkedDecoder.Result.END),
                decode("1F\n" + "x".repeat(0x1F) + "\n0\nTrailer: yes\n\n"));
    }

    @Test
    void malformed_size_is_an_error() {
        assertEquals(ChunkedDecoder.Result.ERROR, decode("zz\r\n").result());
        assertEquals(ChunkedDecoder.Result.ERROR, decode("3\r\nabcX").result());
    }
}

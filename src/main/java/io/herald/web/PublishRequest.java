package io.herald.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.herald.protocol.Names;
import io.herald.store.NewMessage;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and validates the body of {@code POST /api/messages}: JSON
 * {@code {"channel","event","data"}} ({@code data} a string, or any JSON value sent as compact
 * JSON text) or an HTML form with the same fields. Every refusal is an {@link ApiError}.
 */
final class PublishRequest {

    private PublishRequest() {
    }

    static NewMessage read(HttpServletRequest req, int maxBodyBytes) throws ApiError, IOException {
        // The raw header: Jetty's getContentType() throws on an unknown charset (a 500, not a 415).
        String header = req.getHeader("Content-Type");
        String type = header == null ? "" : header.toLowerCase(Locale.ROOT).trim();
        boolean json = type.startsWith("application/json");
        boolean form = type.startsWith("application/x-www-form-urlencoded");
        if (!json && !form) {
            throw new ApiError(415, "unsupported media type",
                    "Content-Type must be application/json or application/x-www-form-urlencoded");
        }
        byte[] body = body(req, maxBodyBytes);
        return json ? fromJson(new String(body, StandardCharsets.UTF_8)) : fromForm(body, charset(header));
    }

    /** A too-large body up to this size is read and dropped first, so the client sees the 413 instead of a reset. */
    private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

    private static byte[] body(HttpServletRequest req, int max) throws ApiError, IOException {
        if (req.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(Math.max(0, Math.min(max, req.getContentLength())));
        byte[] buffer = new byte[8192];
        try (InputStream in = req.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (body.size() + n > max) {
                    throw tooLarge(max);
                }
                body.write(buffer, 0, n);
            }
        }
        return body.toByteArray();
    }

    /**
     * Reads and drops what is left of a refused request's body (up to 4 MB), so that the client,
     * still sending, receives the 4xx instead of a reset connection.
     */
    static void discardBody(HttpServletRequest req) {
        long declared = req.getContentLengthLong();
        if (declared > DRAIN_LIMIT) {
            return;
        }
        try {
            InputStream in = req.getInputStream();
            byte[] sink = new byte[8192];
            long left = DRAIN_LIMIT;
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) != -1) {
                left -= n;
            }
        } catch (IOException | IllegalStateException gone) {
            // The client went away, or the body was read another way: nothing to drop.
        }
    }

    private static ApiError tooLarge(int max) {
        return new ApiError(413, "payload too large", "the body must be at most " + max + " bytes");
    }

    private static NewMessage fromJson(String text) throws ApiError {
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            root = Json.GSON.getAdapter(JsonElement.class).read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw ApiError.badRequest("malformed JSON: unexpected content after the object");
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw ApiError.badRequest("malformed JSON: " + e.getMessage());
        }
        if (root == null || !root.isJsonObject()) {
            throw ApiError.badRequest("the body must be a JSON object with channel, event and data");
        }
        JsonObject o = root.getAsJsonObject();
        String channel = stringField(o, "channel");
        String event = stringField(o, "event");
        JsonElement data = o.get("data");
        String dataText = data == null || data.isJsonNull() ? null
                : data.isJsonPrimitive() && data.getAsJsonPrimitive().isString() ? data.getAsString()
                : Json.GSON.toJson(data);
        return validated(channel, event, dataText);
    }

    private static String stringField(JsonObject o, String name) throws ApiError {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw ApiError.badRequest(name + " must be a string");
        }
        return e.getAsString();
    }

    private static NewMessage fromForm(byte[] body, Charset charset) throws ApiError {
        Map<String, String> fields = new HashMap<>();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        try {
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
                fields.putIfAbsent(name, value);
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("malformed form body: " + e.getMessage());
        }
        return validated(fields.get("channel"), fields.get("event"), fields.get("data"));
    }

    private static NewMessage validated(String channel, String event, String data) throws ApiError {
        if (channel == null || channel.isEmpty()) {
            throw ApiError.badRequest("channel is required");
        }
        if (!Names.isValidChannel(channel)) {
            throw ApiError.badRequest("channel must be 1-128 characters of A-Z a-z 0-9 . _ : / -");
        }
        String name = event == null || event.isEmpty() ? null : event;
        if (name != null && !Names.isValidEventName(name)) {
            throw ApiError.badRequest("event must be at most 128 characters with no CR, LF or NUL");
        }
        if (data == null) {
            throw ApiError.badRequest("data is required");
        }
        return new NewMessage(channel, name, data);
    }

    /** The charset parameter of the Content-Type header; UTF-8 when it names none. */
    private static Charset charset(String contentType) throws ApiError {
        String name = null;
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                name = p.substring("charset=".length()).trim().replace("\"", "");
            }
        }
        if (name == null || name.isEmpty()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ApiError(415, "unsupported media type", "unknown charset " + name);
        }
    }
}

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
        String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
        boolean json = type.startsWith("application/json");
        boolean form = type.startsWith("application/x-www-form-urlencoded");
        if (!json && !form) {
            throw new ApiError(415, "unsupported media type",
                    "Content-Type must be application/json or application/x-www-form-urlencoded");
        }
        byte[] body = body(req, maxBodyBytes);
        return json ? fromJson(new String(body, StandardCharsets.UTF_8)) : fromForm(body, charset(req));
    }

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

    private static Charset charset(HttpServletRequest req) throws ApiError {
        String name = req.getCharacterEncoding();
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ApiError(415, "unsupported media type", "unknown charset " + name);
        }
    }
}

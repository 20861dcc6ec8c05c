package io.herald.web;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.herald.http.ApiError;
import io.herald.http.JsonReply;
import io.herald.protocol.Names;
import io.herald.store.NewMessage;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates the body of {@code POST /api/messages}: JSON
 * {@code {"channel","event","data"}} ({@code data} a string, or any JSON value sent as compact
 * JSON text) or an HTML form with the same fields. Every refusal is an {@link ApiError}. The body
 * itself is read by {@link RequestBody}, without holding a thread while it arrives.
 */
final class PublishRequest {

    private PublishRequest() {
    }

    /**
     * The request's Content-Type, checked before its body is read: JSON, or a form in a charset
     * this JVM knows; else {@code 415}.
     */
    static String contentType(HttpServletRequest req) throws ApiError {
        // The raw header: Jetty's getContentType() throws on an unknown charset (a 500, not a 415).
        String header = req.getHeader("Content-Type");
        String type = header == null ? "" : header.toLowerCase(Locale.ROOT).trim();
        if (type.startsWith("application/x-www-form-urlencoded")) {
            charset(header);
            return header;
        }
        if (!type.startsWith("application/json")) {
            throw new ApiError(415, "unsupported media type",
                    "Content-Type must be application/json or application/x-www-form-urlencoded");
        }
        return header;
    }

    /** The message in {@code body}, sent with {@code contentType} (as {@link #contentType} returned it). */
    static NewMessage parse(String contentType, byte[] body) throws ApiError {
        return contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json")
                ? fromJson(new String(body, StandardCharsets.UTF_8))
                : fromForm(body, charset(contentType));
    }

    /** True when nothing but whitespace follows the first value (a strict reader throws on a second one). */
    private static boolean atEnd(JsonReader reader) {
        try {
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (IOException e) {
            return false;
        }
    }

    /** Gson's reason without its advice to the programmer (a troubleshooting link, a setting to relax). */
    private static String reason(Exception e) {
        String message = String.valueOf(e.getMessage());
        int advice = message.indexOf("\nSee ");
        message = advice < 0 ? message : message.substring(0, advice);
        return message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "").strip();
    }

    private static NewMessage fromJson(String text) throws ApiError {
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            root = JsonReply.GSON.getAdapter(JsonElement.class).read(reader);
            if (!atEnd(reader)) {
                throw ApiError.badRequest("malformed JSON: unexpected content after the object");
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw ApiError.badRequest("malformed JSON: " + reason(e));
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
                : JsonReply.GSON.toJson(data);
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
        Map<String, List<String>> fields = Form.parse(body, charset);
        return validated(Form.first(fields, "channel"), Form.first(fields, "event"), Form.first(fields, "data"));
    }

    private static NewMessage validated(String channel, String event, String data) throws ApiError {
        if (channel == null || channel.isEmpty()) {
            throw ApiError.badRequest("channel is required");
        }
        ChannelNames.checked(channel);
        String name = event == null || event.isEmpty() ? null : event;
        Optional<String> eventProblem = name == null ? Optional.empty() : Names.eventNameProblem(name);
        if (eventProblem.isPresent()) {
            throw ApiError.badRequest(eventProblem.get());
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

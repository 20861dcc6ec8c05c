package io.herald.web;

import com.google.gson.JsonArray;
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
import io.herald.store.PublishKey;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates the body of {@code POST /api/messages}: JSON
 * {@code {"channel","event","data","idempotencyKey"}} ({@code data} a string, or any JSON value sent
 * as compact JSON text), a JSON array of such objects (a batch), or an HTML form with the same
 * fields. The idempotency key may come in the {@code Idempotency-Key} header instead (one message
 * only). Every refusal is an {@link ApiError}, and a batch's names the first bad message by its
 * index (from 0). The body itself is read by {@link RequestBody}, without holding a thread while it arrives.
 */
final class PublishRequest {

    static final String KEY_HEADER = "Idempotency-Key";
    static final String KEY_FIELD = "idempotencyKey";

    /** What a publish asks for: one message ({@code batch} false) or the messages of a JSON array, in order. */
    record Publication(List<NewMessage> messages, boolean batch) {
    }

    /** How a publication is limited: the largest batch, the largest body of one message, and whose keys these are. */
    record Limits(int maxBatch, int maxMessageBytes, String publisher) {
    }

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
            Form.charset(header);
            return header;
        }
        if (!type.startsWith("application/json")) {
            throw new ApiError(415, "unsupported media type",
                    "Content-Type must be application/json or application/x-www-form-urlencoded");
        }
        return header;
    }

    /** Whether {@code contentType} (as {@link #contentType} returned it) announces JSON, where a batch may come. */
    static boolean isJson(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json");
    }

    /**
     * The message or batch in {@code body}, sent with {@code contentType} (as {@link #contentType}
     * returned it) and {@code headerKey} (the Idempotency-Key header, or null).
     */
    static Publication parse(String contentType, byte[] body, String headerKey, Limits limits) throws ApiError {
        boolean json = isJson(contentType);
        if (body.length > limits.maxMessageBytes() && !(json && isArray(body))) {
            throw RequestBody.tooLarge(limits.maxMessageBytes());
        }
        Publication p = json ? fromJson(new String(body, StandardCharsets.UTF_8), limits)
                : new Publication(List.of(fromForm(body, Form.charset(contentType), limits.publisher())), false);
        if (headerKey == null) {
            return p;
        }
        if (p.batch()) {
            throw ApiError.badRequest("the " + KEY_HEADER + " header names one message: give each message of a batch its own "
                    + KEY_FIELD);
        }
        NewMessage m = p.messages().get(0);
        PublishKey key = key(headerKey, limits.publisher());
        if (m.key() != null && !m.key().equals(key)) {
            throw ApiError.badRequest("the " + KEY_HEADER + " header and " + KEY_FIELD + " differ: send one of them");
        }
        return new Publication(List.of(m.withKey(key)), false);
    }

    /** True when the first character that is not white space is {@code [}: the body is a batch. */
    private static boolean isArray(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '[';
            }
        }
        return false;
    }

    private static PublishKey key(String key, String publisher) throws ApiError {
        Optional<String> problem = PublishKey.problem(key);
        if (problem.isPresent()) {
            throw ApiError.badRequest(problem.get());
        }
        return new PublishKey(publisher, key);
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

    private static Publication fromJson(String text, Limits limits) throws ApiError {
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            root = JsonReply.GSON.getAdapter(JsonElement.class).read(reader);
            if (!atEnd(reader)) {
                throw ApiError.badRequest("malformed JSON: unexpected content after the "
                        + (root != null && root.isJsonArray() ? "array" : "object"));
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw ApiError.badRequest("malformed JSON: " + reason(e));
        }
        if (root != null && root.isJsonArray()) {
            return new Publication(batch(root.getAsJsonArray(), limits), true);
        }
        if (root == null || !root.isJsonObject()) {
            throw ApiError.badRequest("the body must be a JSON object with channel, event and data, or an array of them");
        }
        return new Publication(List.of(fromObject(root.getAsJsonObject(), limits.publisher())), false);
    }

    private static List<NewMessage> batch(JsonArray array, Limits limits) throws ApiError {
        if (array.isEmpty() || array.size() > limits.maxBatch()) {
            throw ApiError.badRequest("a batch holds 1 to " + limits.maxBatch() + " messages (herald.publish.max-batch); this one "
                    + array.size());
        }
        List<NewMessage> messages = new ArrayList<>(array.size());
        Map<PublishKey, Integer> keys = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            JsonElement item = array.get(i);
            try {
                if (!item.isJsonObject()) {
                    throw ApiError.badRequest("must be a JSON object with channel, event and data");
                }
                NewMessage m = fromObject(item.getAsJsonObject(), limits.publisher());
                if (m.data().length() > limits.maxMessageBytes() / 3
                        && m.data().getBytes(StandardCharsets.UTF_8).length > limits.maxMessageBytes()) {
                    throw new ApiError(413, "payload too large", "data is larger than " + limits.maxMessageBytes()
                            + " bytes (herald.publish.max-body-bytes)");
                }
                Integer before = m.key() == null ? null : keys.putIfAbsent(m.key(), i);
                if (before != null) {
                    throw ApiError.badRequest(KEY_FIELD + " is the same as message " + before + "'s");
                }
                messages.add(m);
            } catch (ApiError e) {
                throw new ApiError(e.status(), e.error(), "message " + i + ": " + e.detail() + "; nothing of the batch was stored");
            }
        }
        return messages;
    }

    private static NewMessage fromObject(JsonObject o, String publisher) throws ApiError {
        String channel = stringField(o, "channel");
        String event = stringField(o, "event");
        JsonElement data = o.get("data");
        String dataText = data == null || data.isJsonNull() ? null
                : data.isJsonPrimitive() && data.getAsJsonPrimitive().isString() ? data.getAsString()
                : JsonReply.GSON.toJson(data);
        String key = stringField(o, KEY_FIELD);
        NewMessage m = validated(channel, event, dataText);
        return key == null ? m : m.withKey(key(key, publisher));
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

    private static NewMessage fromForm(byte[] body, Charset charset, String publisher) throws ApiError {
        Map<String, List<String>> fields = Form.parse(body, charset);
        NewMessage m = validated(Form.first(fields, "channel"), Form.first(fields, "event"), Form.first(fields, "data"));
        String key = Form.first(fields, KEY_FIELD);
        return key == null ? m : m.withKey(key(key, publisher));
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
}

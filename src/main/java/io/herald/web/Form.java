package io.herald.web;

import io.herald.http.ApiError;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body or query string, parsed by Herald rather than
 * by {@code getParameter}: the container would read a form body with a blocking read, holding a
 * thread for as long as the client takes to send it.
 */
final class Form {

    private Form() {
    }

    /** Each field's values in the order sent; {@code 400} for malformed percent-encoding. */
    static Map<String, List<String>> parse(byte[] body, Charset charset) throws ApiError {
        return parse(new String(body, StandardCharsets.ISO_8859_1), charset);
    }

    static Map<String, List<String>> parse(String text, Charset charset) throws ApiError {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (text == null) {
            return fields;
        }
        try {
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
                fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("malformed form body: " + e.getMessage());
        }
        return fields;
    }

    /** The first value of {@code name}, or null. */
    static String first(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null ? null : values.get(0);
    }

    /** The charset parameter of the Content-Type header; UTF-8 when it names none. */
    static Charset charset(String contentType) throws ApiError {
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

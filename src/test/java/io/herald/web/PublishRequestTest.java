package io.herald.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.http.ApiError;
import io.herald.http.JsonReply;
import io.herald.store.NewMessage;
import io.herald.testing.ServletServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The body of {@code POST /api/messages}, JSON or a form: what is stored from it, and every
 * refusal with its status and the reason a client reads. The Content-Type check runs on a real
 * Jetty request, whose own charset parsing must not turn an unknown charset into a 500.
 */
class PublishRequestTest {

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static ServletServer server;

    /** Answers 200 with the Content-Type {@link PublishRequest#contentType} accepted, or its refusal. */
    static final class ContentTypeCheck extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                String accepted = PublishRequest.contentType(req);
                resp.setContentType("text/plain;charset=UTF-8");
                resp.getWriter().write(accepted);
            } catch (ApiError e) {
                JsonReply.sendError(resp, e);
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = ServletServer.start(context -> context.addServlet(new ServletHolder(new ContentTypeCheck()), "/check"));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static NewMessage parse(String contentType, String body) throws ApiError {
        return PublishRequest.parse(contentType, body.getBytes(StandardCharsets.UTF_8), null,
                new PublishRequest.Limits(1000, 1_000_000, "tester")).messages().get(0);
    }

    private static ApiError refusal(String contentType, String body) {
        return assertThrows(ApiError.class, () -> parse(contentType, body));
    }

    private static HttpResponse<String> check(String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/check")).POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return server.send(request);
    }

    @Test
    void aJsonMessageIsStoredWithItsChannelEventAndData() throws ApiError {
        assertEquals(new NewMessage("orders", "created", "order 17 ✓"),
                parse(JSON, "{\"channel\":\"orders\",\"event\":\"created\",\"data\":\"order 17 ✓\"}"));
    }

    @Test
    void dataThatIsNoStringIsSentAsCompactJsonText() throws ApiError {
        assertEquals("{\"id\":17,\"items\":[1,2]}",
                parse(JSON, "{\"channel\":\"orders\",\"data\": { \"id\": 17, \"items\": [1, 2] }}").data());
        assertEquals("42", parse(JSON, "{\"channel\":\"orders\",\"data\":42}").data());
        assertEquals("", parse(JSON, "{\"channel\":\"orders\",\"data\":\"\"}").data(), "empty data is a message");
    }

    @Test
    void anEmptyOrMissingEventIsAPlainMessage() throws ApiError {
        assertNull(parse(JSON, "{\"channel\":\"orders\",\"event\":\"\",\"data\":\"x\"}").event());
        assertNull(parse(JSON, "{\"channel\":\"orders\",\"data\":\"x\"}").event());
    }

    @Test
    void aFormIsReadInTheCharsetItNamesAndUtf8Otherwise() throws ApiError {
        assertEquals(new NewMessage("news", "update", "café & co"),
                parse(FORM, "channel=news&event=update&data=caf%C3%A9+%26+co"));
        assertEquals("café", parse(FORM + "; charset=ISO-8859-1", "channel=news&data=caf%E9").data());
        assertEquals("first", parse(FORM, "channel=news&data=first&data=second").data(), "the first of repeated fields");
    }

    @Test
    void malformedJsonIsA400ThatSaysSo() {
        ApiError e = refusal(JSON, "{\"channel\":\"orders\",");
        assertEquals(400, e.status());
        assertTrue(e.detail().startsWith("malformed JSON: "), e.detail());
        ApiError trailing = refusal(JSON, "{\"channel\":\"a\",\"data\":\"x\"} {}");
        assertEquals(400, trailing.status(), "a second value after the object");
        assertEquals("malformed JSON: unexpected content after the object", trailing.detail());
        assertFalse(e.detail().contains("See http") || e.detail().contains("setStrictness"), "no advice meant for programmers: " + e.detail());
        assertTrue(refusal(JSON, "{channel:'a',data:'x'}").detail().startsWith("malformed JSON: "), "strict JSON only");
    }

    @Test
    void aBodyThatIsNoJsonObjectNorArrayIsA400() {
        for (String body : new String[] {"\"orders\"", "null", "17"}) {
            ApiError e = refusal(JSON, body);
            assertEquals(400, e.status(), body);
            assertEquals("the body must be a JSON object with channel, event and data, or an array of them", e.detail(), body);
        }
        assertEquals("a batch holds 1 to 1000 messages (herald.publish.max-batch); this one 0", refusal(JSON, "[]").detail());
    }

    @Test
    void eachMissingOrWrongFieldIsNamed() {
        assertEquals("channel is required", refusal(JSON, "{\"data\":\"x\"}").detail());
        assertEquals("channel is required", refusal(FORM, "data=x").detail());
        assertEquals("channel must be a string", refusal(JSON, "{\"channel\":7,\"data\":\"x\"}").detail());
        assertEquals("event must be a string", refusal(JSON, "{\"channel\":\"a\",\"event\":[],\"data\":\"x\"}").detail());
        assertEquals("data is required", refusal(JSON, "{\"channel\":\"a\"}").detail());
        assertEquals("data is required", refusal(JSON, "{\"channel\":\"a\",\"data\":null}").detail());
        assertEquals("data is required", refusal(FORM, "channel=a").detail());
    }

    @Test
    void badNamesAreRefusedWithTheReasonTheNameRulesGive() {
        assertEquals("channel may hold only A-Z a-z 0-9 . _ : / -, not a space (U+0020) at position 5",
                refusal(JSON, "{\"channel\":\"chat room\",\"data\":\"x\"}").detail());
        assertEquals("event name may not hold CR, LF or NUL, not LF (U+000A) at position 8",
                refusal(JSON, "{\"channel\":\"a\",\"event\":\"created\\ndata: x\",\"data\":\"x\"}").detail());
        assertEquals(400, refusal(FORM, "channel=a&event=x%0Ddata&data=y").status());
    }

    @Test
    void aMalformedFormIsA400AndAnUnknownCharsetA415() {
        ApiError malformed = refusal(FORM, "channel=news&data=100%");
        assertEquals(400, malformed.status());
        assertTrue(malformed.detail().startsWith("malformed form body: "), malformed.detail());
        ApiError charset = refusal(FORM + "; charset=klingon", "channel=news&data=x");
        assertEquals(415, charset.status());
        assertEquals("unknown charset klingon", charset.detail());
    }

    @Test
    void jsonAndFormsAreAcceptedWhateverTheirCaseAndParameters() {
        HttpResponse<String> json = check("Application/JSON; charset=utf-8");
        assertEquals(200, json.statusCode());
        assertTrue(json.body().equalsIgnoreCase("application/json; charset=utf-8"), json.body());
        assertEquals(200, check(FORM + "; charset=ISO-8859-1").statusCode());
    }

    @Test
    void anyOtherContentTypeIsA415() {
        for (String type : new String[] {"text/plain", "multipart/form-data; boundary=x", null}) {
            HttpResponse<String> r = check(type);
            assertEquals(415, r.statusCode(), type);
            assertTrue(r.body().contains("\"unsupported media type\""), r.body());
            assertTrue(r.body().contains("Content-Type must be application/json or application/x-www-form-urlencoded"), r.body());
        }
    }

    @Test
    void aFormInACharsetThisJvmDoesNotKnowIsA415NotA500() {
        HttpResponse<String> r = check(FORM + "; charset=klingon");
        assertEquals(415, r.statusCode(), r.body());
        assertTrue(r.body().contains("unknown charset klingon"), r.body());
    }
}

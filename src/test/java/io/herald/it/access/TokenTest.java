package io.herald.it.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.SseParser;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Company tokens, as Keycloak issues them, against a real JWKS server on loopback with keys made
 * here: a token with the right issuer, audience and roles publishes, reads history, gets a ticket
 * and calls the admin API (without a CSRF token); a token that is expired, not yet valid, for
 * another audience or issuer, signed by an unknown key, or unsigned gets {@code 401} and a log
 * line naming why; a rotated key is fetched; a stream opened with a token, or with a ticket
 * issued for one, ends with reason {@code reauth} when the token expires.
 */
class TokenTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ISSUER = "https://sso.intranet.example/realms/intranet";
    private static final String AUDIENCE = "herald";

    private static HttpServer jwks;
    private static final AtomicReference<String> PUBLISHED_KEYS = new AtomicReference<>();
    private static final AtomicInteger FETCHES = new AtomicInteger();
    private static RSAKey signing;
    private static HeraldServer herald;
    private static final List<String> LOG = new ArrayList<>();
    /** Held here: the logging framework keeps only weak references to loggers. */
    private static final Logger TOKEN_LOG = Logger.getLogger("io.herald.access.tokens");
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (LOG) {
                LOG.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() throws Exception {
        signing = new RSAKeyGenerator(2048).keyID("key-1").generate();
        PUBLISHED_KEYS.set(new JWKSet(signing.toPublicJWK()).toString());
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/realms/intranet/protocol/openid-connect/certs", exchange -> {
            FETCHES.incrementAndGet();
            byte[] body = PUBLISHED_KEYS.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        TOKEN_LOG.setLevel(Level.INFO);
        TOKEN_LOG.addHandler(CAPTURE);
        herald = HeraldServer.start(Files.createTempDirectory("herald-token-"), Map.of(
                "herald.jwt.jwks-url", "http://127.0.0.1:" + jwks.getAddress().getPort()
                        + "/realms/intranet/protocol/openid-connect/certs",
                "herald.jwt.issuer", ISSUER,
                "herald.jwt.audience", AUDIENCE,
                "herald.jwt.roles-claim", "realm_access.roles",
                "herald.jwt.role-map", "intranet-admins=herald-admin"));
    }

    @AfterAll
    static void stop() throws Exception {
        TOKEN_LOG.removeHandler(CAPTURE);
        if (herald != null) {
            herald.close();
        }
        jwks.stop(0);
    }

    /** A Keycloak-like access token for {@code user} with {@code roles} in {@code realm_access.roles}. */
    private static JWTClaimsSet.Builder claims(String user, String... roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("f3c1-" + user)
                .claim("preferred_username", user).claim("realm_access", Map.of("roles", List.of(roles)))
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT)
                .build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String token(String user, String... roles) throws JOSEException {
        return sign(claims(user, roles).build(), signing);
    }

    private static HttpResponse<String> call(String method, String path, String token, String json) {
        return HeraldServer.call(herald.uri(path), method, token == null ? null : "Bearer " + token, json);
    }

    @Test
    void aValidTokenPublishesReadsHistoryGetsATicketAndCallsTheAdminApiWithItsRoles() throws Exception {
        String publisher = token("olga", "herald-publisher");
        HttpResponse<String> published = call("POST", "/api/messages", publisher, "{\"channel\":\"sso\",\"data\":\"from olga\"}");
        assertEquals(201, published.statusCode(), published.body());
        HttpResponse<String> history = call("GET", "/api/messages?channel=sso", publisher, null);
        assertEquals(200, history.statusCode(), history.body());
        assertTrue(history.body().contains("from olga"), history.body());
        assertEquals(403, call("POST", "/api/messages", token("ivan"), "{\"channel\":\"sso\",\"data\":\"x\"}").statusCode(),
                "a token without herald-publisher does not publish");

        HttpResponse<String> ticket = call("POST", "/api/tickets", publisher, "{\"channels\":[\"user/olga\"]}");
        assertEquals(201, ticket.statusCode(), ticket.body());
        String t = JsonParser.parseString(ticket.body()).getAsJsonObject().get("ticket").getAsString();
        try (SseSubscription mine = herald.subscribe("/events?ticket=" + t)) {
            assertEquals(200, mine.status(), "the ticket is olga's: her own user channel");
        }

        String admin = token("anna", "intranet-admins");
        assertEquals(200, call("GET", "/api/connections", admin, null).statusCode(), "a mapped role is an admin role");
        HttpResponse<String> ban = call("POST", "/api/bans", admin, "{\"user\":\"mallory\",\"reason\":\"token test\"}");
        assertEquals(201, ban.statusCode(), "a token needs no CSRF token: " + ban.body());
        JsonObject banned = JsonParser.parseString(ban.body()).getAsJsonObject();
        assertEquals("anna", banned.get("createdBy").getAsString(), ban.body());
        assertEquals(204, call("DELETE", "/api/bans/" + banned.get("id").getAsLong(), admin, null).statusCode());
        assertEquals(403, call("GET", "/api/bans", publisher, null).statusCode(), "a publisher's token is no admin's");
        HttpResponse<String> none = call("GET", "/api/bans", null, null);
        assertEquals(401, none.statusCode(), "the admin API without a login answers JSON, not a login page");
        assertTrue(none.body().contains("\"unauthorized\""), none.body());
    }

    @Test
    void aTokenThatDoesNotPassGets401AndALogLineSayingWhy() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("key-1").generate();
        Instant now = Instant.now();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("expired", sign(claims("olga", "herald-publisher").expirationTime(Date.from(now.minusSeconds(600)))
                .build(), signing));
        refused.put("not yet valid", sign(claims("olga", "herald-publisher").notBeforeTime(Date.from(now.plusSeconds(600)))
                .build(), signing));
        refused.put("another audience", sign(claims("olga", "herald-publisher").audience("payroll").build(), signing));
        refused.put("another issuer", sign(claims("olga", "herald-publisher").issuer("https://evil.example").build(), signing));
        refused.put("an unknown key", sign(claims("olga", "herald-publisher").build(), stranger));
        refused.put("alg none", new PlainJWT(claims("olga", "herald-publisher").build()).serialize());
        refused.put("garbage", "eyJhbGciOi.not-a.token");
        for (Map.Entry<String, String> bad : refused.entrySet()) {
            int before;
            synchronized (LOG) {
                before = LOG.size();
            }
            long stored = herald.hub().gauges().publishedCount();
            HttpResponse<String> r = call("POST", "/api/messages", bad.getValue(), "{\"channel\":\"sso\",\"data\":\"x\"}");
            assertEquals(401, r.statusCode(), bad.getKey() + ": " + r.body());
            assertTrue(r.body().contains("the token is not valid"), r.body());
            assertEquals(stored, herald.hub().gauges().publishedCount(), bad.getKey() + " stored nothing");
            assertEquals(401, call("GET", "/api/messages?channel=sso", bad.getValue(), null).statusCode(), bad.getKey());
            assertEquals(401, call("GET", "/api/connections", bad.getValue(), null).statusCode(), bad.getKey());
            synchronized (LOG) {
                List<String> lines = LOG.subList(before, LOG.size());
                assertFalse(lines.isEmpty(), bad.getKey() + ": no log line");
                for (String line : lines) {
                    assertTrue(line.startsWith("token refused from 127.0.0.1: "), line);
                    assertFalse(line.contains(bad.getValue()), "the token itself in the log: " + line);
                }
                System.out.println(bad.getKey() + " -> " + lines.get(0));
            }
        }
    }

    @Test
    void aKeyRotatedAtTheIdentityProviderIsFetchedAndUsed() throws Exception {
        assertEquals(201, call("POST", "/api/messages", token("olga", "herald-publisher"),
                "{\"channel\":\"rotate\",\"data\":\"old key\"}").statusCode());
        RSAKey next = new RSAKeyGenerator(2048).keyID("key-2").generate();
        PUBLISHED_KEYS.set(new JWKSet(List.of(signing.toPublicJWK(), next.toPublicJWK())).toString());
        String withNewKey = sign(claims("olga", "herald-publisher").build(), next);
        int fetches = FETCHES.get();
        Wait.until(WAIT, "the new key fetched (at most one fetch every 10 s)", () -> call("POST", "/api/messages", withNewKey,
                "{\"channel\":\"rotate\",\"data\":\"new key\"}").statusCode() == 201);
        assertTrue(FETCHES.get() > fetches, "the JWKS was fetched again");
    }

    @Test
    void aStreamOpenedWithATokenOrWithItsTicketEndsWhenTheTokenExpires() throws Exception {
        Instant expires = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        String shortLived = sign(claims("olga", "herald-publisher").expirationTime(Date.from(expires)).build(), signing);
        HttpResponse<String> ticket = call("POST", "/api/tickets", shortLived, "{\"channels\":[\"expiry\"]}");
        assertEquals(201, ticket.statusCode(), ticket.body());
        JsonObject issued = JsonParser.parseString(ticket.body()).getAsJsonObject();
        assertFalse(Instant.parse(issued.get("expiresAt").getAsString()).isAfter(expires.plusSeconds(1)),
                "the ticket expires with the token: " + issued);
        try (SseSubscription direct = SseSubscription.open(herald.uri("/events?channel=expiry"),
                Map.of("Authorization", "Bearer " + shortLived));
                SseSubscription viaTicket = herald.subscribe("/events?ticket=" + issued.get("ticket").getAsString())) {
            assertEquals(200, direct.status());
            assertEquals(200, viaTicket.status());
            for (SseSubscription s : List.of(direct, viaTicket)) {
                SseParser.Event close = s.next(WAIT);
                assertEquals("close", close.type());
                assertEquals("{\"reason\":\"reauth\"}", close.data());
                assertFalse(Instant.now().isBefore(expires.minusMillis(100)), "closed before the token expired");
            }
        }
    }

    @Test
    void aLocalKeyFileServesWhereThereIsNoJwksUrl() throws Exception {
        RSAKey local = new RSAKeyGenerator(2048).keyID("offline-1").generate();
        Path dir = Files.createTempDirectory("herald-token-file-");
        Path keys = dir.resolve("herald-keys.json");
        Files.writeString(keys, new JWKSet(local.toPublicJWK()).toString());
        try (HeraldServer offline = HeraldServer.start(dir.resolve("data"), Map.of("herald.jwt.key-file", keys.toString(),
                "herald.jwt.issuer", ISSUER, "herald.jwt.audience", AUDIENCE, "herald.jwt.roles-claim", "realm_access.roles"))) {
            String good = sign(claims("olga", "herald-publisher").build(), local);
            assertEquals(201, HeraldServer.call(offline.uri("/api/messages"), "POST", "Bearer " + good,
                    "{\"channel\":\"sso\",\"data\":\"offline\"}").statusCode());
            assertEquals(401, HeraldServer.call(offline.uri("/api/messages"), "POST", "Bearer " + token("olga", "herald-publisher"),
                    "{\"channel\":\"sso\",\"data\":\"x\"}").statusCode(), "a key the file does not hold");
        }
    }
}

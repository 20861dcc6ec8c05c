package io.herald.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.support.BreakableProxy;
import io.herald.it.support.Browser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.PageServer;
import io.herald.testing.Wait;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A signed-in page (the ticker demo, herald.js, plus the announcements widget) behind a reverse
 * proxy rides through what a restart looks like from a browser: the proxy answering 502 for ten
 * seconds, and Herald stopping and starting again while messages are published. It receives every
 * message exactly once, in order, and never stops trying.
 */
class RestartBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TICKER = "demo/ticker";
    private static final Map<String, String> SETTINGS = Map.of("herald.demo.enabled", "true",
            "herald.access.default", "authenticated", "herald.stream.retry-ms", "500",
            "herald.shutdown.reconnect-spread-ms", "2000");

    @TempDir
    Path dataDir;

    @TempDir
    Path profiles;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private HeraldServer herald(boolean keepSessions) throws Exception {
        return herald(keepSessions, Map.of());
    }

    private HeraldServer herald(boolean keepSessions, Map<String, String> more) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
        settings.putAll(more);
        HeraldServer herald = new HeraldServer(settings);
        if (keepSessions) {
            herald.keepSessions();
        }
        herald.startIn(dataDir);
        toClose.add(() -> {
            try {
                herald.close();
            } catch (TimeoutException | IllegalStateException alreadyStopped) {
                // a test that failed mid-restart: nothing left to stop
            }
        });
        return herald;
    }

    private BreakableProxy proxy(HeraldServer herald) {
        BreakableProxy proxy = new BreakableProxy(herald.port());
        toClose.add(proxy);
        return proxy;
    }

    private ChromeDriver browser(String name) throws Exception {
        ChromeDriver b = Browser.start(Files.createDirectories(profiles.resolve(name)));
        toClose.add(b::quit);
        return b;
    }

    private static Object js(ChromeDriver b, String script) {
        return b.executeScript(script);
    }

    /** Signs in through the container's FORM login on the way to {@code url}. */
    private static void signIn(ChromeDriver b, String url) {
        b.get(url);
        Wait.until(WAIT, "the login form", () -> !b.findElements(By.id("j_username")).isEmpty());
        b.findElement(By.id("j_username")).sendKeys(HeraldServer.PUBLISHER);
        b.findElement(By.id("j_password")).sendKeys(HeraldServer.PASSWORD);
        b.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /**
     * The ticker page through the proxy, signed in, with the widget added; records in the page
     * every headline id ({@code seen}), announcement id ({@code notes}), state change of either
     * subscription ({@code states}: [who, state, status, reason, delay]), close event
     * ({@code closes}: [time, data]) and stream opened ({@code opens}: times).
     */
    private static void openTickerWithWidget(ChromeDriver b, BreakableProxy proxy) {
        signIn(b, proxy.origin() + "/demo/ticker.html");
        Wait.until(WAIT, "the ticker to open", () -> b.getCurrentUrl().endsWith("/demo/ticker.html")
                && "open".equals(js(b, "return window.heraldTicker ? heraldTicker.state : null;")));
        js(b, "var s = document.createElement('script'); s.src = '../js/herald-widget.js';"
                + " s.dataset.channels = 'announcements'; document.body.appendChild(s);");
        Wait.until(WAIT, "the widget to subscribe", () -> "open".equals(js(b,
                "return window.HeraldWidget && HeraldWidget.subscription ? HeraldWidget.subscription.state : null;")));
        js(b, "window.seen = []; window.notes = []; window.states = []; window.closes = []; window.opens = [];"
                + "function record(who, sub, list, event) {"
                + "  var h = sub.handlers[event]; sub.handlers[event] = function (m, e) { list.push(e.id); return h.call(this, m, e); };"
                + "  var s = sub.handlers.state; sub.handlers.state = function (state, d) {"
                + "    states.push([who, state, d.status === undefined ? null : d.status, d.reason || null, d.delay === undefined ? null : d.delay]);"
                + "    if (s) return s.call(this, state, d); };"
                + "  sub.handlers.close = function (m, e) { closes.push([who, Date.now(), e.data]); }; }"
                + "record('ticker', heraldTicker, seen, 'headline');"
                + "record('widget', HeraldWidget.subscription, notes, 'announcement');"
                + "var ES = window.EventSource; window.EventSource = function (u, o) { opens.push(Date.now()); return new ES(u, o); };");
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(ChromeDriver b, String name) {
        return (List<String>) js(b, "return window." + name + ".slice();");
    }

    @SuppressWarnings("unchecked")
    private static List<List<Object>> states(ChromeDriver b) {
        return (List<List<Object>>) js(b, "return window.states.slice();");
    }

    private static String headline(HeraldServer herald, String text) {
        return Long.toString(herald.publish(TICKER, "headline", "{\"text\":\"" + text + "\"}"));
    }

    private static String announcement(HeraldServer herald, String title) {
        return Long.toString(herald.publish("announcements", "announcement",
                "{\"severity\":\"info\",\"title\":\"" + title + "\",\"text\":\"restart test\"}"));
    }

    /** Publishes {@code count} headlines, each retried until Herald acknowledges it (as a patient publisher would). */
    private static Thread patientPublisher(HeraldServer herald, String prefix, int count, List<String> acknowledged) {
        Thread t = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                String body = "{\"channel\":\"" + TICKER + "\",\"event\":\"headline\",\"data\":\"{\\\"text\\\":\\\"" + prefix + i + "\\\"}\"}";
                for (int attempt = 0; attempt < 2000; attempt++) {
                    try {
                        HttpResponse<String> r = herald.post("application/json", body);
                        if (r.statusCode() == 201) {
                            synchronized (acknowledged) {
                                acknowledged.add(com.google.gson.JsonParser.parseString(r.body()).getAsJsonObject().get("id").getAsString());
                            }
                            break;
                        }
                    } catch (IllegalStateException restarting) {
                        // connection refused while Herald is down: try again shortly
                    }
                    // Paces the retries of one publish (not a wait for a condition).
                    LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // spreads the publishes over the restart
            }
        }, "patient-publisher");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int size(List<String> list) {
        synchronized (list) {
            return list.size();
        }
    }

    @Test
    void behindAProxyThatHoldsStreamsHeraldJsLongPollsAndLosesOrRepeatsNothing() throws Exception {
        HeraldServer herald = herald(false);
        BreakableProxy proxy = proxy(herald);
        proxy.buffering(true);
        ChromeDriver b = browser("buffered");
        signIn(b, proxy.origin() + "/demo/ticker.html");
        Wait.until(WAIT, "the ticker page", () -> b.getCurrentUrl().endsWith("/demo/ticker.html")
                && (Boolean) js(b, "return !!window.Herald;"));
        long seen = herald.publish("poll/x", null, "seen before the page");
        js(b, "window.got = []; window.transport = null;"
                + "Herald.subscribe(['poll/x'], {message: function (d) { got.push(d); },"
                + "  state: function (s, d) { if (s === 'open') transport = d.transport || 'stream'; }},"
                + "  {share: false, after: '" + seen + "'});");
        herald.publish("poll/x", null, "while the stream is held");
        Wait.until(WAIT, "the switch to long-polling", () -> "poll".equals(js(b, "return window.transport;"))
                && (Long) js(b, "return got.length;") >= 1);
        List<String> expected = new ArrayList<>(List.of("while the stream is held"));
        for (int n = 1; n <= 5; n++) {
            int before = expected.size();
            expected.add("polled " + n);
            herald.publish("poll/x", null, "polled " + n);
            Wait.until(WAIT, "polled " + n, () -> (Long) js(b, "return got.length;") > before);
        }
        assertEquals(expected, js(b, "return got;"));
        assertEquals(0, herald.hub().gauges().subscriberCounts().getOrDefault("poll/x", 0), "no stream got through the proxy");
    }

    @Test
    void aSignedInPageRidesThroughTenSecondsOf502AndARestartReceivingEveryMessageOnceInOrder() throws Exception {
        HeraldServer herald = herald(true);
        BreakableProxy proxy = proxy(herald);
        ChromeDriver b = browser("restart");
        openTickerWithWidget(b, proxy);
        List<String> headlines = new ArrayList<>(List.of(headline(herald, "one")));
        List<String> notes = new ArrayList<>(List.of(announcement(herald, "A1")));
        Wait.until(WAIT, "message 1 on both", () -> list(b, "seen").equals(headlines) && list(b, "notes").equals(notes));

        // The proxy answers 502 for ten seconds; Herald goes on taking messages.
        long outage = System.nanoTime();
        proxy.failing(true);
        for (int i = 2; i <= 5; i++) {
            headlines.add(headline(herald, "during the 502s " + i));
            notes.add(announcement(herald, "A" + i));
        }
        Wait.until(WAIT, "ten seconds of 502s, both streams refused", () -> proxy.streamBadGateways() >= 2
                && System.nanoTime() - outage >= Duration.ofSeconds(10).toNanos());
        assertEquals(List.of(headlines.get(0)), list(b, "seen"), "nothing arrives while the proxy fails");
        assertEquals("reconnecting", js(b, "return heraldTicker.state;"));
        assertTrue(states(b).stream().anyMatch(s -> "ticker".equals(s.get(0)) && "reconnecting".equals(s.get(1))
                && Long.valueOf(502).equals(s.get(2)) && "unavailable".equals(s.get(3))),
                "the state handler is told of the 502: " + states(b));
        proxy.failing(false);
        Wait.until(WAIT, () -> "2..5 after the proxy is back: " + list(b, "seen") + " " + list(b, "notes"),
                () -> list(b, "seen").size() >= headlines.size() && list(b, "notes").size() >= notes.size()
                        && "open".equals(js(b, "return heraldTicker.state;")));
        assertEquals(headlines, list(b, "seen"), "every headline once, in order, across the 502s");
        assertEquals(notes, list(b, "notes"), "every announcement once, in order, across the 502s");
        System.out.println("restart test: " + proxy.badGateways() + " requests answered 502 in 10 s, "
                + proxy.streamBadGateways() + " of them for /events");

        // A normal stop and start of Herald while a publisher keeps publishing (and retrying).
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        Thread publisher = patientPublisher(herald, "across the restart ", 12, acknowledged);
        Wait.until(WAIT, "publishing before the stop", () -> size(acknowledged) >= 3);
        long stopped = System.currentTimeMillis();
        try {
            herald.close(); // the webapp first (streams get their close), then the server, as Tomcat stops
        } catch (TimeoutException gracefulStopWaitedForConnections) {
            // Herald had stopped; Jetty's graceful stop waits for connections, and stops anyway.
        }
        int acknowledgedWhileStopped = size(acknowledged);
        herald.startAgain();
        publisher.join(WAIT.toMillis());
        assertTrue(!publisher.isAlive(), "the publisher finished");
        headlines.addAll(acknowledged);
        notes.add(announcement(herald, "A6"));
        Wait.until(WAIT, () -> "everything after the restart: " + list(b, "seen") + " " + list(b, "notes") + " " + states(b),
                () -> list(b, "seen").size() >= headlines.size() && list(b, "notes").size() >= notes.size());
        assertEquals(headlines, list(b, "seen"), "every acknowledged headline once, in order, across the restart");
        assertEquals(notes, list(b, "notes"), "every announcement once, in order, across the restart");
        assertTrue(states(b).stream().noneMatch(s -> "stopped".equals(s.get(1))), "never stopped: " + states(b));
        assertTrue(states(b).stream().noneMatch(s -> Long.valueOf(401).equals(s.get(2))),
                "the login survived the restart (sessions kept in files): " + states(b));
        assertTrue(acknowledgedWhileStopped < 12, "publishing went on after the restart");

        // Both subscriptions were told when to come back, and waited that long.
        @SuppressWarnings("unchecked")
        List<List<Object>> closes = (List<List<Object>>) js(b, "return window.closes.slice();");
        @SuppressWarnings("unchecked")
        List<Long> opens = (List<Long>) js(b, "return window.opens.slice();");
        for (String who : List.of("ticker", "widget")) {
            List<Object> close = closes.stream().filter(c -> who.equals(c.get(0))).findFirst()
                    .orElseThrow(() -> new AssertionError(who + " got no close event: " + closes));
            long closedAt = (Long) close.get(1);
            assertTrue(closedAt >= stopped, who + " closed by the stop");
            long hint = com.google.gson.JsonParser.parseString((String) close.get(2)).getAsJsonObject()
                    .get("reconnectAfterMs").getAsLong();
            assertTrue(hint >= 500 && hint <= 2500, who + ": hint " + hint + " within retry-ms + spread");
            assertTrue(states(b).stream().anyMatch(s -> who.equals(s.get(0)) && "reconnecting".equals(s.get(1))
                    && "shutdown".equals(s.get(3)) && Long.valueOf(hint).equals(s.get(4))), who + " waits the hint: " + states(b));
        }
        long firstClose = closes.stream().mapToLong(c -> (Long) c.get(1)).min().orElseThrow();
        long shortestHint = closes.stream().mapToLong(c -> com.google.gson.JsonParser.parseString((String) c.get(2))
                .getAsJsonObject().get("reconnectAfterMs").getAsLong()).min().orElseThrow();
        long firstOpenAfter = opens.stream().mapToLong(Long::longValue).filter(t -> t >= firstClose).min().orElseThrow();
        assertTrue(firstOpenAfter - firstClose >= shortestHint - 20,
                "no stream reopened before its hint: " + (firstOpenAfter - firstClose) + " ms after the close, hint " + shortestHint);
        Browser.screenshot(b, "ticker-after-restart");
    }

    @Test
    void aPageWhoseSessionWasLostInARestartKeepsTryingAndResumesOnceTheUserSignsInAgain() throws Exception {
        HeraldServer herald = herald(false);
        BreakableProxy proxy = proxy(herald);
        ChromeDriver b = browser("relogin");
        openTickerWithWidget(b, proxy);
        String tab = b.getWindowHandle();
        List<String> headlines = new ArrayList<>(List.of(headline(herald, "before")));
        Wait.until(WAIT, "the first headline", () -> list(b, "seen").equals(headlines));

        herald.stopServer();
        herald.startAgain(); // sessions are not kept: the page's cookie means nothing now
        headlines.add(headline(herald, "after the restart"));
        Wait.until(WAIT, () -> "the lost session seen as 401: " + states(b), () -> states(b).stream()
                .anyMatch(s -> "ticker".equals(s.get(0)) && Long.valueOf(401).equals(s.get(2))));
        List<Object> unauthorized = states(b).stream().filter(s -> "ticker".equals(s.get(0)) && Long.valueOf(401).equals(s.get(2)))
                .findFirst().orElseThrow();
        assertEquals("reconnecting", unauthorized.get(1), "a 401 after a restart backs off, it does not stop");
        assertEquals("unauthorized", unauthorized.get(3));

        // The user signs in again in another tab; the first tab's next attempt carries the new session.
        b.switchTo().newWindow(WindowType.TAB);
        signIn(b, proxy.origin() + "/demo/chat.html");
        Wait.until(WAIT, "signed in again", () -> b.getCurrentUrl().endsWith("/demo/chat.html"));
        b.switchTo().window(tab);
        Wait.until(WAIT, () -> "the first tab to resume: " + list(b, "seen") + " " + states(b),
                () -> list(b, "seen").size() >= headlines.size() && "open".equals(js(b, "return heraldTicker.state;")));
        assertEquals(headlines, list(b, "seen"), "the headline published while signed out arrives once");
        assertTrue(states(b).stream().noneMatch(s -> "stopped".equals(s.get(1))), "never stopped: " + states(b));
    }

    @Test
    void theWidgetOnAnotherOriginsPageRetriesItsFirstLoadsUntilTheProxyForwardsAgain() throws Exception {
        com.sun.net.httpserver.HttpServer pages = PageServer.serve("/portal.html", uri -> "<!DOCTYPE html><html><head>"
                + "<meta charset=utf-8><title>Portal</title></head><body><h1>Portal</h1><script src=\""
                + uri.getQuery().replace("herald=", "") + "/js/herald-widget.js\" data-channels=\"announcements\" defer></script>"
                + "</body></html>");
        toClose.add(() -> pages.stop(0));
        HeraldServer herald = herald(false, Map.of("herald.access.default", "public",
                "herald.cors.allowed-origins", PageServer.origin(pages)));
        BreakableProxy proxy = proxy(herald);
        // The widget script comes through; what it loads next meets a 502, as during a restart.
        proxy.refusing(line -> line.contains(" /api/announcements") || line.contains(" /js/herald.js"));
        announcement(herald, "In force before the page loaded");
        ChromeDriver b = browser("widget");
        b.get(PageServer.origin(pages) + "/portal.html?herald=" + proxy.origin());
        Wait.until(WAIT, "the widget's first loads refused three times", () -> proxy.badGateways() >= 3);
        assertEquals(List.of(), banners(b), "nothing to show yet");

        proxy.refusing(line -> false);
        Wait.until(WAIT, () -> "the announcement in force once the proxy forwards: " + banners(b),
                () -> banners(b).contains("In force before the page loaded"));
        Wait.until(WAIT, "the widget's stream", () -> "open".equals(js(b,
                "return window.HeraldWidget && HeraldWidget.subscription ? HeraldWidget.subscription.state : null;")));
        announcement(herald, "Live after the outage");
        Wait.until(WAIT, () -> "the live announcement: " + banners(b), () -> banners(b).contains("Live after the outage"));
        assertEquals(List.of("In force before the page loaded", "Live after the outage"), banners(b), "each once");
    }

    /** The titles of the widget's banners, read from inside its shadow root. */
    @SuppressWarnings("unchecked")
    private static List<String> banners(ChromeDriver b) {
        return (List<String>) js(b, "var h = document.getElementById('herald-announcements');"
                + "return h ? Array.from(h.shadowRoot.querySelectorAll('.note .title')).map(function (t) { return t.textContent; }) : [];");
    }
}

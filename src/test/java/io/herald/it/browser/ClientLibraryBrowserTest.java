package io.herald.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.support.AdminSession;
import io.herald.it.support.Browser;
import io.herald.it.support.HeraldServer;
import io.herald.testing.Wait;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * herald.js in headless Chromium, through the demo pages that are built on it: tabs of one
 * browser share one stream and hand it over without losing or repeating a message; a server that
 * goes away is retried with exponential backoff and resumed from the last id; two browsers chat.
 */
class ClientLibraryBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TICKER = "demo/ticker";

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.demo.enabled", "true",
            "herald.access.default", "authenticated"));

    @TempDir
    Path profiles;

    private final List<ChromeDriver> browsers = new ArrayList<>();

    @BeforeEach
    void noStreamsLeft() {
        Wait.until(WAIT, "the previous test's streams to close", () -> herald.hub().gauges().connectionCount() == 0);
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(ChromeDriver::quit);
    }

    private ChromeDriver browser(String name) throws Exception {
        ChromeDriver b = Browser.start(Files.createDirectories(profiles.resolve(name)));
        browsers.add(b);
        return b;
    }

    /** Opens a demo page, signing in on the container's login page on the way. */
    private static void open(ChromeDriver b, String page, String user) {
        b.get(herald.uri("/demo/" + page).toString());
        if (!b.findElements(By.id("j_username")).isEmpty()) {
            b.findElement(By.id("j_username")).sendKeys(user);
            b.findElement(By.id("j_password")).sendKeys(HeraldServer.PASSWORD);
            b.findElement(By.cssSelector("button[type=submit]")).click();
        }
        Wait.until(WAIT, page + " to load", () -> b.getCurrentUrl().endsWith("/demo/" + page)
                && !b.findElements(By.id("state")).isEmpty());
    }

    private static Object js(ChromeDriver b, String script) {
        return b.executeScript(script);
    }

    /** Records, in {@code window.seen}, the id of every headline this tab's handler receives. */
    private static void recordHeadlines(ChromeDriver b) {
        js(b, "window.seen = []; var h = heraldTicker.handlers.headline;"
                + "heraldTicker.handlers.headline = function (m, e) { seen.push(e.id); return h.call(this, m, e); };");
    }

    @SuppressWarnings("unchecked")
    private static List<String> seen(ChromeDriver b) {
        return (List<String>) js(b, "return window.seen.slice();");
    }

    private static int tickerStreams() {
        return herald.hub().gauges().subscriberCounts().getOrDefault(TICKER, 0);
    }

    private static String publishHeadline(String text) {
        return Long.toString(herald.publish(TICKER, "headline", "{\"text\":\"" + text + "\"}"));
    }

    @Test
    void fiveTabsShareOneStreamAndALeaderLeavingLosesAndRepeatsNothing() throws Exception {
        ChromeDriver b = browser("tabs");
        List<String> tabs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            if (i > 0) {
                b.switchTo().newWindow(WindowType.TAB);
            }
            open(b, "ticker.html", HeraldServer.PUBLISHER);
            tabs.add(b.getWindowHandle());
            Wait.until(WAIT, "tab " + i + " to see the stream open", () -> "open".equals(js(b, "return heraldTicker.state;")));
            recordHeadlines(b);
        }
        assertEquals(1, tickerStreams(), "five tabs, one stream on the server");

        List<String> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(publishHeadline("before " + i));
        }
        for (String tab : tabs) {
            b.switchTo().window(tab);
            Wait.until(WAIT, "every tab to receive every headline", () -> seen(b).size() >= published.size());
            assertEquals(published, seen(b));
        }

        String leader = null;
        for (String tab : tabs) {
            b.switchTo().window(tab);
            if ("leader".equals(js(b, "return heraldTicker.role;"))) {
                leader = tab;
            }
        }
        assertTrue(leader != null, "one tab leads");
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                String id = publishHeadline("during " + i);
                synchronized (published) {
                    published.add(id);
                }
                // Paces the publishes across the takeover (not a wait for a condition).
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(60).toNanos());
            }
        });
        publisher.start();
        b.switchTo().window(leader).close();
        tabs.remove(leader);
        publisher.join(WAIT.toMillis());
        assertFalse(publisher.isAlive());

        int leaders = 0;
        for (String tab : tabs) {
            b.switchTo().window(tab);
            Wait.until(WAIT, "the remaining tabs to receive every headline", () -> seen(b).size() >= published.size());
            assertEquals(published, seen(b), "every headline once, in order, across the takeover");
            leaders += "leader".equals(js(b, "return heraldTicker.role;")) ? 1 : 0;
        }
        assertEquals(1, leaders, "another tab took the lead");
        Wait.until(WAIT, "one stream again", () -> tickerStreams() == 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aServerThatGoesAwayIsRetriedWithGrowingDelaysAndResumedWithoutLoss() throws Exception {
        AdminSession admin = AdminSession.admin(herald);
        // Sessions do not survive the restart: the ticker's channels are public for this test.
        assertEquals(302, admin.post("/admin/access/rules", Map.of("pattern", "demo/*", "access", "public", "role", "",
                "presence", "on")).statusCode());
        ChromeDriver b = browser("restart");
        open(b, "ticker.html", HeraldServer.PUBLISHER);
        Wait.until(WAIT, "the stream to open", () -> "open".equals(js(b, "return heraldTicker.state;")));
        recordHeadlines(b);
        js(b, "window.delays = []; var s = heraldTicker.handlers.state; heraldTicker.handlers.state = function (state, d) {"
                + " if (state === 'reconnecting' && d.delay !== undefined) delays.push([d.attempt, d.delay]); return s.call(this, state, d); };");
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            published.add(publishHeadline("before " + i));
        }
        Wait.until(WAIT, "the first headlines", () -> seen(b).size() == 3);

        herald.stopServer();
        Wait.until(WAIT, "three failed attempts while the server is away",
                () -> ((List<?>) js(b, "return window.delays;")).size() >= 3);
        List<List<Long>> delays = (List<List<Long>>) js(b, "return window.delays;");
        for (List<Long> attempt : delays.subList(0, 3)) {
            long n = attempt.get(0);
            long base = Math.min(30_000, 1000L << (n - 1));
            assertTrue(attempt.get(1) >= base / 2 && attempt.get(1) <= base * 3 / 2,
                    "attempt " + n + " waits " + attempt.get(1) + " ms, within 50-150 % of " + base + " ms: " + delays);
        }
        herald.startAgain();
        for (int i = 0; i < 3; i++) {
            published.add(publishHeadline("after " + i)); // before the browser is back: replayed from its last id
        }
        Wait.until(WAIT, "the tab to resume", () -> seen(b).size() >= published.size()
                && "open".equals(js(b, "return heraldTicker.state;")));
        assertEquals(published, seen(b), "nothing lost, nothing twice");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTicketIsFetchedForEveryConnectAndAHiddenPagePausesThenResumesFromItsLastId() throws Exception {
        ChromeDriver b = browser("tickets");
        open(b, "ticker.html", HeraldServer.PUBLISHER);
        Wait.until(WAIT, "the page's own stream", () -> tickerStreams() == 1);
        js(b, "window.got = []; window.tickets = 0; var f = window.fetch; window.fetch = function (u, o) {"
                + " if (String(u).indexOf('/api/tickets') >= 0) tickets++; return f.apply(this, arguments); };"
                + "window.tk = Herald.subscribe('demo/ticker', {headline: function (m, e) { got.push(e.id); }},"
                + " {ticket: true, share: false, pauseWhenHidden: true});");
        Wait.until(WAIT, "the ticket stream to open", () -> "open".equals(js(b, "return tk.state;")) && tickerStreams() == 2);
        assertEquals("solo", js(b, "return tk.role;"), "share: false, a stream of its own");
        List<String> published = new ArrayList<>(List.of(publishHeadline("one")));
        Wait.until(WAIT, "the first headline", () -> ((List<?>) js(b, "return got;")).size() == 1);

        // Kicked: the reconnect needs a new ticket (a ticket works once).
        AdminSession admin = AdminSession.admin(herald);
        for (var c : com.google.gson.JsonParser.parseString(admin.api("GET", "/api/connections?channel=demo/ticker", null, null).body())
                .getAsJsonArray()) {
            assertEquals(204, admin.api("DELETE", "/api/connections/" + c.getAsJsonObject().get("id").getAsString(), null,
                    admin.csrf()).statusCode());
        }
        published.add(publishHeadline("two"));
        Wait.until(WAIT, "the ticket stream back, on a fresh ticket", () -> ((List<?>) js(b, "return got;")).size() == 2
                && "open".equals(js(b, "return tk.state;")));
        assertEquals(2L, js(b, "return tickets;"), "one ticket per connect");

        // Hidden: the stream closes; visible again: it resumes from the last id.
        js(b, "Object.defineProperty(document, 'hidden', {value: true, configurable: true});"
                + "document.dispatchEvent(new Event('visibilitychange'));");
        assertEquals("paused", js(b, "return tk.state;"));
        Wait.until(WAIT, "the paused stream to close on the server", () -> tickerStreams() == 1);
        published.add(publishHeadline("three, while hidden"));
        js(b, "Object.defineProperty(document, 'hidden', {value: false, configurable: true});"
                + "document.dispatchEvent(new Event('visibilitychange'));");
        Wait.until(WAIT, "the missed headline after the pause", () -> ((List<?>) js(b, "return got;")).size() == 3);
        assertEquals(published, js(b, "return got;"));
        assertEquals(3L, js(b, "return tickets;"));
        js(b, "tk.close();");
        Wait.until(WAIT, "close() to end the stream", () -> tickerStreams() == 1);
    }

    @Test
    void aPageResumesAfterTheIdItWasRenderedFromOrStartsWithTheNewestN() throws Exception {
        ChromeDriver b = browser("first-state");
        open(b, "ticker.html", HeraldServer.PUBLISHER);
        herald.publish("js/state", null, "one");
        long rendered = herald.publish("js/state", null, "two");
        herald.publish("js/state", null, "three: after the render");
        js(b, "window.got = {after: [], last: []};"
                + "['after', 'last'].forEach(function (k) {"
                + "  var options = {share: false}; options[k] = k === 'after' ? '" + rendered + "' : 2;"
                + "  Herald.subscribe(['js/state'], {message: function (d) { got[k].push(d); }}, options);"
                + "});");
        Wait.until(WAIT, "both subscriptions to get their first state", () -> (Boolean) js(b,
                "return got.after.length >= 1 && got.last.length >= 2;"));
        herald.publish("js/state", null, "four: live");
        Wait.until(WAIT, "the live message", () -> (Boolean) js(b,
                "return got.after.length >= 2 && got.last.length >= 3;"));
        assertEquals(List.of("three: after the render", "four: live"), js(b, "return got.after;"));
        assertEquals(List.of("two", "three: after the render", "four: live"), js(b, "return got.last;"));
    }

    @Test
    void twoBrowsersChatThroughTheDemo() throws Exception {
        ChromeDriver alice = browser("alice");
        ChromeDriver bob = browser("bob");
        open(alice, "chat.html", HeraldServer.PUBLISHER);
        open(bob, "chat.html", HeraldServer.ADMIN);
        for (ChromeDriver b : List.of(alice, bob)) {
            Wait.until(WAIT, "the chat stream to open", () -> "open".equals(b.findElement(By.id("state")).getAttribute("data-state")));
            Wait.until(WAIT, "both users online", () -> {
                String online = b.findElement(By.id("online")).getText();
                return online.contains(HeraldServer.PUBLISHER) && online.contains(HeraldServer.ADMIN);
            });
        }
        alice.findElement(By.id("text")).sendKeys("Lunch at noon?");
        alice.findElement(By.cssSelector("#say button")).click();
        Wait.until(WAIT, "alice's message at bob's", () -> bob.findElement(By.id("log")).getText()
                .contains(HeraldServer.PUBLISHER + " Lunch at noon?"));
        bob.findElement(By.id("text")).sendKeys("<img src=x onerror=\"window.__xss=1\">Sure");
        bob.findElement(By.cssSelector("#say button")).click();
        Wait.until(WAIT, "bob's message at alice's, as text", () -> alice.findElement(By.id("log")).getText()
                .contains("<img src=x onerror=\"window.__xss=1\">Sure"));
        assertEquals(null, js(alice, "return window.__xss === undefined ? null : window.__xss;"), "no HTML from messages runs");
        Browser.screenshot(alice, "demo-chat");

        bob.quit();
        browsers.remove(bob);
        Wait.until(WAIT, () -> "bob to leave alice's online list; present: " + herald.hub().presence().users("demo/chat")
                + ", streams " + herald.hub().gauges().subscriberCounts() + ", log " + js(alice, "return document.getElementById('log').textContent + ' | ' + heraldChat.state + ' ' + heraldChat.role + ' ' + JSON.stringify(Object.keys(heraldChat.names))"), () -> !alice.findElement(By.id("online")).getText()
                .contains(HeraldServer.ADMIN));
    }
}

package io.herald.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.herald.it.support.Browser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.PageServer;
import io.herald.it.support.SseSubscription;
import io.herald.testing.Wait;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * An announcement that asks for acknowledgement, in headless Chromium on a page of another
 * origin: user viewer sees it in two tabs, it survives a reload, Acknowledge in one tab clears
 * both; user publisher signs in later in the same browser and only sees it; user admin was seen
 * before and is offline. The receipts API and the console's receipts page say exactly that.
 */
class AcknowledgeBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpServer PAGES = PageServer.serve("/portal.html", uri -> "<!DOCTYPE html><html lang=en><head>"
            + "<meta charset=utf-8><title>Portal</title></head><body><h1>Portal</h1>"
            + "<script src=\"" + uri.getQuery().replace("herald=", "") + "/js/herald-widget.js\" defer></script></body></html>");
    private static final String PAGE_ORIGIN = PageServer.origin(PAGES);
    private static final String ADMIN = HeraldServer.basic(HeraldServer.ADMIN, HeraldServer.PASSWORD);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.cors.allowed-origins", PAGE_ORIGIN));

    @TempDir
    static Path profile;

    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() throws IOException {
        browser = Browser.start(Files.createDirectories(profile.resolve("acknowledge")));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
        PAGES.stop(0);
    }

    private static Object js(String script) {
        return browser.executeScript(script);
    }

    private static void signIn(String user) {
        browser.get(herald.uri("/admin/").toString());
        browser.findElement(By.id("j_username")).sendKeys(user);
        browser.findElement(By.id("j_password")).sendKeys(HeraldServer.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        Wait.until(WAIT, user + " signed in", () -> browser.findElements(By.id("j_username")).isEmpty());
    }

    private static void openPortal() {
        browser.get(PAGE_ORIGIN + "/portal.html?herald=" + herald.uri(""));
        Wait.until(WAIT, "the widget to subscribe", () -> "open".equals(js(
                "return window.HeraldWidget && HeraldWidget.subscription ? HeraldWidget.subscription.state : null;")));
    }

    /** The banners on the page: title, and the buttons each offers. */
    @SuppressWarnings("unchecked")
    private static List<String> banners() {
        return (List<String>) js("var h = document.getElementById('herald-announcements');"
                + "return h ? Array.from(h.shadowRoot.querySelectorAll('.note')).map(function (n) {"
                + "  return n.querySelector('.title').textContent + ' [' + Array.from(n.querySelectorAll('button'))"
                + "    .map(function (b) { return b.textContent; }).join(',') + ']'; }) : [];");
    }

    private static JsonObject receipts(long id) {
        HttpResponse<String> r = HeraldServer.call(herald.uri("/api/announcements/" + id + "/receipts"), "GET", ADMIN, null);
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** Each user's steps, as {@code user:delivered,displayed,acknowledged} with 1 for a time and 0 for none. */
    private static List<String> steps(long id) {
        JsonArray list = receipts(id).getAsJsonArray("receipts");
        return list.asList().stream().map(e -> {
            JsonObject r = e.getAsJsonObject();
            return r.get("user").getAsString() + ":" + (r.get("deliveredAt").isJsonNull() ? 0 : 1)
                    + (r.get("displayedAt").isJsonNull() ? 0 : 1) + (r.get("acknowledgedAt").isJsonNull() ? 0 : 1);
        }).toList();
    }

    @Test
    void oneAcknowledgesInOneTabOfTwoOneOnlySeesItAndOneIsOffline() throws Exception {
        try (SseSubscription before = SseSubscription.open(herald.uri("/events?channel=elsewhere"), Map.of("Authorization", ADMIN))) {
            assertEquals(200, before.status(), "user admin was seen before");
        }
        signIn(HeraldServer.VIEWER);
        openPortal();
        String first = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        openPortal();
        String second = browser.getWindowHandle();

        long id = herald.publish("announcements", "announcement",
                "{\"severity\":\"critical\",\"title\":\"Phishing mail\",\"text\":\"do not open it\",\"ack\":true}");
        String banner = "Phishing mail [Acknowledge]";
        Wait.until(WAIT, "the banner in the second tab, with Acknowledge and no dismiss", () -> banners().equals(List.of(banner)));
        browser.switchTo().window(first);
        Wait.until(WAIT, "the banner in the first tab", () -> banners().equals(List.of(banner)));
        Wait.until(WAIT, () -> "delivered and displayed for viewer, have " + steps(id) + ", streams: "
                + herald.hub().subscribers().stream().map(x -> x.info().user() + " " + x.channels() + " " + x.lastSentId()).toList(), () -> steps(id).equals(List.of("viewer:110")));
        Browser.screenshot(browser, "widget-acknowledge");

        browser.navigate().refresh();
        openPortal();
        Wait.until(WAIT, "the banner again after a reload", () -> banners().equals(List.of(banner)));
        browser.findElement(By.id("herald-announcements")).getShadowRoot().findElement(By.cssSelector(".note button.ack")).click();
        Wait.until(WAIT, "the banner gone where it was acknowledged", () -> banners().isEmpty());
        browser.switchTo().window(second);
        Wait.until(WAIT, "the banner gone in the other tab too", () -> banners().isEmpty());
        browser.navigate().refresh();
        openPortal();
        assertTrue(banners().isEmpty(), "acknowledged: not shown again");
        assertEquals(List.of("viewer:111"), steps(id));

        browser.manage().deleteAllCookies();
        browser.switchTo().window(first);
        browser.close();
        browser.switchTo().window(second);
        signIn(HeraldServer.PUBLISHER);
        openPortal();
        Wait.until(WAIT, "user publisher, signed in later, gets it on the first page", () -> banners().equals(List.of(banner)));
        Wait.until(WAIT, () -> "publisher: displayed, have " + steps(id), () -> steps(id).equals(List.of("publisher:110", "viewer:111")));
        JsonObject all = receipts(id);
        assertEquals(1, all.getAsJsonObject("counts").get("acknowledged").getAsInt());
        assertEquals(2, all.getAsJsonObject("counts").get("displayed").getAsInt());
        assertEquals("[\"admin\"]", all.getAsJsonArray("notReached").toString(), "seen before, offline since");
        assertEquals(3, all.get("audience").getAsInt());

        browser.manage().deleteAllCookies();
        signIn(HeraldServer.ADMIN);
        browser.get(herald.uri("/admin/broadcast/announcement").toString());
        browser.findElement(By.linkText("1 / 3")).click();
        Wait.until(WAIT, "the receipts page", () -> !browser.findElements(By.id("receipt-counts")).isEmpty());
        assertEquals("acknowledged 1", browser.findElement(By.cssSelector("#receipt-counts tr[data-step=acknowledged]"))
                .getText().substring(0, "acknowledged 1".length()));
        assertEquals("displayed 2", browser.findElement(By.cssSelector("#receipt-counts tr[data-step=displayed]"))
                .getText().substring(0, "displayed 2".length()));
        String users = browser.findElement(By.id("receipts")).getText();
        assertTrue(users.contains("publisher") && users.contains("viewer"), users);
        assertEquals("admin", browser.findElement(By.id("not-reached")).getText());
        Browser.screenshot(browser, "receipts");
    }
}

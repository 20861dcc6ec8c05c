package io.herald.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.herald.it.support.Browser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.PageServer;
import io.herald.testing.Wait;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A page from another origin (another port) subscribes to Herald with a browser EventSource:
 * with {@code withCredentials} it sends the session of the user who logged in to Herald and
 * receives an authenticated channel; without, Herald answers 401 and EventSource gives up.
 */
class CorsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpServer PAGES = PageServer.eventSourcePortal(false);
    private static final String PAGE_ORIGIN = PageServer.origin(PAGES);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of(
            "herald.access.default", "authenticated",
            "herald.cors.allowed-origins", PAGE_ORIGIN));

    @TempDir
    static Path profile;

    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() {
        browser = Browser.start(profile);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
        PAGES.stop(0);
    }

    @Test
    void aListedOriginSubscribesWithTheUsersSessionCookie() throws Exception {
        String base = herald.uri("").toString();
        browser.get(base + "/admin/");
        browser.findElement(By.id("j_username")).sendKeys(HeraldServer.VIEWER);
        browser.findElement(By.id("j_password")).sendKeys(HeraldServer.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        // A staff member is no administrator (403 here), but is now logged in to Herald.
        Wait.until(WAIT, "the login to finish", () -> !browser.getCurrentUrl().contains("j_security_check")
                && browser.findElements(By.id("j_password")).isEmpty());

        String stream = base + "/events?channel=staff-news";
        browser.get(PAGE_ORIGIN + "/portal.html?credentials=1&herald=" + java.net.URLEncoder.encode(stream, StandardCharsets.UTF_8));
        Wait.until(WAIT, "the cross-origin stream to open", () -> browser.findElement(By.id("state")).getText().equals("open"));
        herald.publish("staff-news", null, "canteen closes at 14:00");
        Wait.until(WAIT, "the message on the other origin's page",
                () -> browser.findElement(By.id("events")).getText().contains("canteen closes at 14:00"));
        assertEquals(HeraldServer.VIEWER, herald.hub().subscribers().stream()
                .filter(s -> s.channels().contains("staff-news")).findFirst().orElseThrow().info().user());
        Browser.screenshot(browser, "cross-origin-portal");

        browser.get(PAGE_ORIGIN + "/portal.html?credentials=0&herald=" + java.net.URLEncoder.encode(stream, StandardCharsets.UTF_8));
        Wait.until(WAIT, "EventSource to give up without the cookie (401)",
                () -> Long.valueOf(2).equals(browser.executeScript("return window.source.readyState;")));
        assertTrue(browser.findElement(By.id("events")).getText().isEmpty());
    }
}

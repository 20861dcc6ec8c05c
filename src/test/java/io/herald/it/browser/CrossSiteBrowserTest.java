package io.herald.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.herald.it.support.Browser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.PageServer;
import io.herald.store.NewMessage;
import io.herald.testing.Wait;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A page of another site ({@code http://localhost:…}) subscribes in headless Chromium to Herald
 * served over HTTPS at {@code https://127.0.0.1:…}, with {@code withCredentials} and the session of
 * the user who signed in to Herald: with {@code herald.session.same-site=None} the browser sends
 * the session cookie and the stream opens as that user; with the browser's default ({@code Lax})
 * it does not, Herald answers {@code 401}, and EventSource gives up. The browser allows
 * third-party cookies, as an intranet's browser policy must for this (docs/deploy-tomcat.md).
 */
class CrossSiteBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpServer PAGES = PageServer.eventSourcePortal(true);
    /** Another site than 127.0.0.1: another host name (and scheme). */
    private static final String PAGE_SITE = "http://localhost:" + PAGES.getAddress().getPort();

    @TempDir
    static Path profile;

    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() {
        browser = Browser.start(profile, true);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
        PAGES.stop(0);
    }

    private static HeraldServer herald(String sameSite) throws Exception {
        HeraldServer herald = new HeraldServer(sameSite == null
                ? Map.of("herald.access.default", "authenticated", "herald.cors.allowed-origins", PAGE_SITE)
                : Map.of("herald.access.default", "authenticated", "herald.cors.allowed-origins", PAGE_SITE,
                        "herald.session.same-site", sameSite)).https();
        herald.startIn(Files.createTempDirectory("herald-cross-site-"));
        return herald;
    }

    /** Signs in to Herald itself, first-party, as a member of staff. */
    private static void signIn(HeraldServer herald) {
        browser.manage().deleteAllCookies();
        browser.get(herald.uri("/admin/").toString());
        browser.findElement(By.id("j_username")).sendKeys(HeraldServer.VIEWER);
        browser.findElement(By.id("j_password")).sendKeys(HeraldServer.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        Wait.until(WAIT, "the login to finish", () -> !browser.getCurrentUrl().contains("j_security_check")
                && browser.findElements(By.id("j_password")).isEmpty());
    }

    private static void openPortal(HeraldServer herald, String channel) {
        browser.get(PAGE_SITE + "/portal.html?herald="
                + URLEncoder.encode(herald.uri("/events?channel=" + channel).toString(), StandardCharsets.UTF_8));
    }

    @Test
    void withSameSiteNoneOverHttpsAnotherSitesPageSubscribesAsTheSignedInUser() throws Exception {
        try (HeraldServer herald = herald("None")) {
            signIn(herald);
            Cookie session = browser.manage().getCookieNamed("JSESSIONID");
            assertEquals("None", session.getSameSite(), session.toString());
            assertTrue(session.isSecure(), "SameSite=None needs Secure: " + session);
            openPortal(herald, "staff-news");
            Wait.until(WAIT, "the cross-site stream to open", () -> browser.findElement(By.id("state")).getText().equals("open"));
            herald.hub().publish(new NewMessage("staff-news", null, "the canteen closes at 14:00")).get(20, TimeUnit.SECONDS);
            Wait.until(WAIT, "the message on the other site's page",
                    () -> browser.findElement(By.id("events")).getText().contains("the canteen closes at 14:00"));
            assertEquals(HeraldServer.VIEWER, herald.hub().subscribers().stream()
                    .filter(s -> s.channels().contains("staff-news")).findFirst().orElseThrow().info().user());
        }
    }

    @Test
    void withTheBrowsersDefaultTheCookieStaysHomeAndTheStreamIsRefused() throws Exception {
        try (HeraldServer herald = herald(null)) {
            signIn(herald);
            openPortal(herald, "staff-news");
            Wait.until(WAIT, "EventSource to give up without the cookie (401)",
                    () -> Long.valueOf(2).equals(browser.executeScript("return window.source.readyState;")));
            assertTrue(browser.findElement(By.id("events")).getText().isEmpty());
            assertEquals(0, herald.hub().gauges().connectionCount());
        }
    }
}

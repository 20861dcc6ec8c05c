package io.herald.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.herald.it.support.Browser;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.PageServer;
import io.herald.testing.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The one-line widget in a page of another origin (another port, with hostile CSS of its own):
 * an announcement sent from the admin console's form appears there, survives a reload until it
 * is dismissed (by keyboard), disappears at its expiry and on withdrawal, and shows HTML as text.
 */
class WidgetBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpServer PAGES = pageServer();
    private static final String PAGE_ORIGIN = PageServer.origin(PAGES);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.cors.allowed-origins", PAGE_ORIGIN));

    @TempDir
    static Path profile;

    private static ChromeDriver browser;

    /** The intranet portal: its own CSS, which must not reach the banner, and the one line. */
    private static HttpServer pageServer() {
        return PageServer.serve("/portal.html", uri -> "<!DOCTYPE html><html><head><meta charset=utf-8><title>Intranet portal</title>"
                + "<style>* { color: rgb(0, 255, 0) !important; font-family: serif !important; } .note { display: none; }</style>"
                + "</head><body><h1>Intranet portal</h1><p>Today's menu: soup.</p>"
                + "<script src=\"" + uri.getQuery().replace("herald=", "") + "/js/herald-widget.js\" data-channels=\"announcements\" defer></script>"
                + "</body></html>");
    }

    @BeforeAll
    static void openBrowser() throws IOException {
        browser = Browser.start(Files.createDirectories(profile.resolve("widget")));
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

    /** The titles of the banners on the portal, read from inside the widget's shadow root. */
    @SuppressWarnings("unchecked")
    private static List<String> banners() {
        return (List<String>) js("var h = document.getElementById('herald-announcements');"
                + "return h ? Array.from(h.shadowRoot.querySelectorAll('.note .title')).map(function (t) { return t.textContent; }) : [];");
    }

    private static void openPortal() {
        browser.get(PAGE_ORIGIN + "/portal.html?herald=" + herald.uri("").toString());
        Wait.until(WAIT, "the widget to subscribe", () -> "open".equals(js(
                "return window.HeraldWidget && HeraldWidget.subscription ? HeraldWidget.subscription.state : null;")));
    }

    @Test
    void anAnnouncementFromTheAdminFormReachesAnotherOriginsPageAndObeysDismissExpiryAndWithdrawal() throws Exception {
        browser.get(herald.uri("/admin/broadcast/announcement").toString());
        browser.findElement(By.id("j_username")).sendKeys(HeraldServer.ADMIN);
        browser.findElement(By.id("j_password")).sendKeys(HeraldServer.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        Wait.until(WAIT, "the announcement form", () -> !browser.findElements(By.id("announcement-form")).isEmpty());
        String admin = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        openPortal();
        String portal = browser.getWindowHandle();
        assertTrue(banners().isEmpty());

        // The admin types an announcement; the preview draws it as the widget will.
        browser.switchTo().window(admin);
        new Select(browser.findElement(By.id("severity"))).selectByValue("warning");
        browser.findElement(By.id("title")).sendKeys("Payroll down");
        browser.findElement(By.id("text")).sendKeys("<b>14:00</b>-15:00");
        browser.findElement(By.id("link")).sendKeys("https://intranet.example/payroll");
        Wait.until(WAIT, "the live preview", () -> "Payroll down".equals(js(
                "var p = document.getElementById('announcement-preview'); var t = p.shadowRoot && p.shadowRoot.querySelector('.title');"
                + "return t ? t.textContent : null;")));
        Browser.screenshot(browser, "announcement-form");
        long sent = System.nanoTime();
        browser.findElement(By.id("send-announcement")).click();
        browser.switchTo().window(portal);
        Wait.until(WAIT, "the banner on the portal", () -> banners().contains("Payroll down"));
        long millis = Duration.ofNanos(System.nanoTime() - sent).toMillis();
        System.out.println("announcement: admin form submit to banner on the other origin's page in " + millis + " ms");
        String shadow = "document.getElementById('herald-announcements').shadowRoot";
        assertEquals("<b>14:00</b>-15:00", js("return " + shadow + ".querySelector('.note .text').textContent;"), "HTML shown as text");
        assertEquals(0L, js("return " + shadow + ".querySelectorAll('.note b').length;"));
        assertEquals("https://intranet.example/payroll", js("return " + shadow + ".querySelector('.note a').href;"));
        assertNotEquals("rgb(0, 255, 0)", js("return getComputedStyle(" + shadow + ".querySelector('.note .title')).color;"),
                "the page's CSS does not reach the banner");
        assertEquals("flex", js("return getComputedStyle(" + shadow + ".querySelector('.note')).display;"));
        assertEquals("polite", js("return " + shadow + ".querySelector('.stack').getAttribute('aria-live');"));
        Browser.screenshot(browser, "widget-portal");

        browser.navigate().refresh();
        openPortal();
        Wait.until(WAIT, "the announcement in force after a reload", () -> banners().contains("Payroll down"));
        browser.findElement(By.id("herald-announcements")).getShadowRoot().findElement(By.cssSelector(".note button"))
                .sendKeys(Keys.ESCAPE);
        Wait.until(WAIT, "Escape to dismiss it", () -> banners().isEmpty());
        browser.navigate().refresh();
        openPortal();
        assertTrue(banners().isEmpty(), "a dismissed announcement stays dismissed");

        // Expiry: an announcement that runs out 3 s from now (published by an application, through the API).
        herald.publish("announcements", "announcement", "{\"severity\":\"info\",\"title\":\"Short notice\","
                + "\"text\":\"gone soon\",\"expiresAt\":\"" + Instant.now().plusSeconds(3) + "\"}");
        Wait.until(WAIT, "the short notice", () -> banners().contains("Short notice"));
        Wait.until(WAIT, "the short notice to expire", () -> !banners().contains("Short notice"));
        browser.navigate().refresh();
        openPortal();
        assertTrue(banners().isEmpty(), "an expired announcement is not shown again");

        // Withdrawal from the admin console's list of announcements in force.
        browser.switchTo().window(admin);
        browser.get(herald.uri("/admin/broadcast/announcement").toString());
        new Select(browser.findElement(By.id("severity"))).selectByValue("critical");
        browser.findElement(By.id("title")).sendKeys("Evacuation drill");
        browser.findElement(By.id("send-announcement")).click();
        browser.switchTo().window(portal);
        Wait.until(WAIT, "the critical banner", () -> banners().contains("Evacuation drill"));
        assertEquals("alert", js("return " + shadow + ".querySelector('.note.critical').getAttribute('role');"));
        browser.switchTo().window(admin);
        Wait.until(WAIT, "the drill in the list in force", () -> browser.findElement(By.id("in-force")).getText().contains("Evacuation drill"));
        browser.findElement(By.xpath("//table[@id='in-force']//tr[td[contains(., 'Evacuation drill')]]//button")).click();
        // The click reloads the page: until the new one is there, the list may be missing or stale.
        Wait.until(WAIT, "the list to drop it", () -> {
            try {
                List<WebElement> list = browser.findElements(By.id("in-force"));
                return !list.isEmpty() && !list.get(0).getText().contains("Evacuation drill");
            } catch (StaleElementReferenceException reloading) {
                return false;
            }
        });
        browser.switchTo().window(portal);
        Wait.until(WAIT, "the withdrawal to remove the banner", () -> !banners().contains("Evacuation drill"));
    }
}

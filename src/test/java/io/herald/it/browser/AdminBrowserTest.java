package io.herald.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.herald.it.support.Browser;
import io.herald.it.support.HeraldServer;
import io.herald.testing.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The admin console in headless Chromium against the real webapp, with a second tab running a
 * plain {@code EventSource} (watch.html): login, broadcast, connections, kick, ban, escaping,
 * a forged POST. Saves a screenshot of every page under target/screenshots/.
 */
class AdminBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final HeraldServer herald = new HeraldServer(Map.of("herald.stream.retry-ms", "300"));

    @TempDir
    static Path profile;

    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() {
        browser = Browser.start(profile);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anAdministratorsDay() throws Exception {
        String base = herald.uri("").toString();

        // Sign in: a wrong password first.
        browser.get(base + "/admin/");
        Browser.screenshot(browser, "login");
        signIn("wrong-password");
        Wait.until(WAIT, "the login error", () -> !browser.findElements(By.id("login-failed")).isEmpty());
        assertEquals("Wrong user name or password.", browser.findElement(By.id("login-failed")).getText());
        browser.get(base + "/admin/");
        signIn(HeraldServer.PASSWORD);
        Wait.until(WAIT, "the dashboard", () -> browser.getTitle().startsWith("Dashboard"));
        String adminTab = browser.getWindowHandle();

        // A subscriber in a second tab.
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        String watchTab = browser.getWindowHandle();
        browser.get(base + "/watch.html?channel=browser&events=note");
        awaitText("state", "open");

        // Broadcast from the form; the subscriber's EventSource gets it.
        browser.switchTo().window(adminTab);
        browser.get(base + "/admin/broadcast");
        browser.findElement(By.id("channel")).sendKeys("browser");
        browser.findElement(By.id("event")).sendKeys("note");
        browser.findElement(By.id("data")).sendKeys("{\"text\":\"hello from the console\"}");
        browser.findElement(By.id("json")).click();
        Wait.until(WAIT, "the live frame preview", () -> browser.findElement(By.id("frame-preview")).getText()
                .contains("event: note\ndata: {\"text\":\"hello from the console\"}\nid: N"));
        Browser.screenshot(browser, "broadcast");
        browser.findElement(By.cssSelector("button[value=send]")).click();
        Wait.until(WAIT, "the stored id", () -> !browser.findElements(By.id("sent")).isEmpty());
        browser.switchTo().window(watchTab);
        Wait.until(WAIT, "the broadcast in the subscriber tab",
                () -> browser.findElement(By.id("events")).getText().contains("hello from the console"));

        // The subscriber in the connections table; kick it, and it reconnects.
        browser.switchTo().window(adminTab);
        browser.get(base + "/admin/connections?channel=browser");
        WebElement row = browser.findElement(By.cssSelector("#connections tbody tr[data-id]"));
        assertTrue(row.getText().contains("browser"), row.getText());
        assertTrue(row.getText().contains("Chrome"), row.getText());
        Browser.screenshot(browser, "connections");
        row.findElement(By.linkText("Kick")).click();
        Browser.screenshot(browser, "kick-confirm");
        browser.findElement(By.id("confirm")).click();
        Wait.until(WAIT, () -> "the kick notice, page shows: " + browser.findElement(By.tagName("main")).getText(),
                () -> browser.findElements(By.cssSelector(".notice")).stream().anyMatch(n -> n.getText().contains("kicked")));
        browser.switchTo().window(watchTab);
        awaitText("opens", "2");
        assertTrue(browser.findElement(By.id("events")).getText().contains("{\"reason\":\"kicked\"}"));

        // Hostile data is shown as text, never run.
        long hostile = herald.publish("browser", null, "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=1</script>");
        browser.switchTo().window(adminTab);
        browser.get(base + "/admin/messages");
        Browser.screenshot(browser, "messages");
        assertTrue(browser.findElement(By.id("messages")).getText().contains("<script>window.__xss=1</script>"));
        browser.get(base + "/admin/messages/" + hostile);
        Browser.screenshot(browser, "message");
        assertTrue(browser.findElement(By.id("message-data")).getText().contains("<img src=x onerror="));
        assertNull(browser.executeScript("return window.__xss;"));
        browser.get(base + "/admin/");
        Wait.until(WAIT, "the chart", () -> !browser.findElements(By.cssSelector("#chart svg polyline")).isEmpty());
        Wait.until(WAIT, "a live update", () -> browser.findElement(By.id("live-state")).getText().startsWith("Live"));
        Browser.screenshot(browser, "dashboard");

        // A forged POST (no token) from a page of the same browser is refused.
        Object status = browser.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "fetch('" + base + "/admin/broadcast', {method: 'POST', credentials: 'include',"
                + " body: new URLSearchParams({channel: 'browser', data: 'forged', action: 'send'})})"
                + ".then(function (r) { done(r.status); });");
        assertEquals(403L, status);

        // Ban the subscriber's address: its EventSource stops for good, also after a reload.
        browser.get(base + "/admin/connections?channel=browser");
        browser.findElement(By.cssSelector("#connections tbody tr[data-id]")).findElement(By.linkText("Ban")).click();
        browser.findElement(By.cssSelector("input[name=scope][value=address]")).click();
        browser.findElement(By.id("reason")).sendKeys("browser test");
        Browser.screenshot(browser, "ban-confirm");
        browser.findElement(By.id("confirm")).click();
        Wait.until(WAIT, "the bans page", () -> browser.getTitle().startsWith("Bans"));
        assertTrue(browser.findElement(By.id("bans")).getText().contains("browser test"));
        Browser.screenshot(browser, "bans");
        browser.switchTo().window(watchTab);
        awaitReadyStateClosed();
        assertTrue(browser.findElement(By.id("events")).getText().contains("{\"reason\":\"banned\"}"));
        browser.navigate().refresh();
        awaitReadyStateClosed();
        assertEquals("0", browser.findElement(By.id("opens")).getText());

        // The Access page: a rule and an API key, shown once.
        browser.switchTo().window(adminTab);
        browser.get(base + "/admin/access");
        browser.findElement(By.name("pattern")).sendKeys("orders/*");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("access"))).selectByValue("role");
        browser.findElement(By.name("role")).sendKeys("sales");
        browser.findElement(By.name("presence")).click();
        browser.findElement(By.cssSelector("#rule-form button")).click();
        Wait.until(WAIT, "the saved rule", () -> browser.findElements(By.cssSelector(".notice")).stream()
                .anyMatch(n -> n.getText().contains("Saved")) && browser.findElement(By.id("rules")).getText().contains("role:sales"));
        browser.findElement(By.name("name")).sendKeys("payroll system");
        browser.findElement(By.xpath("//button[text()='Create key']")).click();
        Wait.until(WAIT, "the new key", () -> browser.findElements(By.id("new-key")).stream().anyMatch(k -> k.getText().startsWith("hk_")));
        Browser.screenshot(browser, "access");

        // Lift it: the next page load subscribes again.
        browser.switchTo().window(adminTab);
        browser.get(base + "/admin/bans");
        browser.findElement(By.cssSelector("#bans button")).click();
        browser.switchTo().window(watchTab);
        browser.navigate().refresh();
        awaitText("state", "open");
    }

    private static void signIn(String password) {
        browser.findElement(By.id("j_username")).sendKeys(HeraldServer.ADMIN);
        browser.findElement(By.id("j_password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private static void awaitText(String id, String text) {
        Wait.until(WAIT, () -> "#" + id + " to read " + text + ", reads " + browser.findElement(By.id(id)).getText(),
                () -> browser.findElement(By.id(id)).getText().equals(text));
    }

    private static void awaitReadyStateClosed() {
        Wait.until(WAIT, "EventSource.readyState CLOSED",
                () -> Long.valueOf(2).equals(browser.executeScript("return window.heraldSource && window.heraldSource.readyState;")));
    }
}

package io.herald.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages (installed
 * by {@code .ci/run}), driven by Selenium; never downloads a browser or a driver.
 */
public final class Browser {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browser() {
    }

    public static ChromeDriver start(Path profile) {
        return start(profile, false);
    }

    /** {@code acceptTestCertificates}: the browser takes a self-signed certificate ({@link HeraldServer#https()}). */
    public static ChromeDriver start(Path profile, boolean acceptTestCertificates) {
        File driver = new File("/usr/bin/chromedriver");
        File chromium = new File("/usr/bin/chromium");
        if (!driver.canExecute() || !chromium.canExecute()) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver: "
                    + "apt-get install chromium chromium-driver (.ci/run does it)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1360,900",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.setAcceptInsecureCerts(acceptTestCertificates);
        if (acceptTestCertificates) {
            // As an intranet's policy BlockThirdPartyCookies=false does: a cross-site page may send
            // Herald's cookie (the browser's own default here blocks third-party cookies).
            options.setExperimentalOption("prefs", Map.of("profile.cookie_controls_mode", 0,
                    "profile.block_third_party_cookies", false));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return browser;
    }

    public static Path screenshot(ChromeDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), target,
                StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}

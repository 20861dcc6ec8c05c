package io.herald.it.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The built herald.war in the Jetty 12 distribution (jetty-home from Maven Central, unpacked by
 * the build; property {@code herald.it.jetty.home}), set up as docs/deploy-jetty.md says: a
 * jetty-base with the http, ee10-deploy and ee10-jsp modules, the WAR in webapps/ (so at
 * {@code /herald}), and a login service "Herald" from {@code etc/herald-realm.xml}.
 */
public final class JettyDistributionServer implements Container, BeforeAllCallback, AfterAllCallback {

    private static final Duration START = Duration.ofSeconds(90);

    private final Map<String, String> systemProperties;
    private Process process;
    private Path base;
    private int port;

    public JettyDistributionServer(Map<String, String> systemProperties) {
        this.systemProperties = systemProperties;
    }

    @Override
    public String name() {
        return Path.of(System.getProperty("herald.it.jetty.home", "jetty")).getFileName().toString();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String base() {
        return "http://127.0.0.1:" + port + "/herald";
    }

    @Override
    public Path logs() {
        return base.resolve("logs");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path home = Path.of(Container.required("herald.it.jetty.home"));
        base = Files.createTempDirectory(Path.of(Container.required("herald.it.work")), "jetty-");
        Files.createDirectories(base.resolve("logs"));
        Files.createDirectories(base.resolve("etc"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process setup = new ProcessBuilder(java, "-jar", home.resolve("start.jar").toString(),
                "--add-modules=http,ee10-deploy,ee10-jsp").directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("logs/setup.log").toFile()).start();
        if (!setup.waitFor(60, TimeUnit.SECONDS) || setup.exitValue() != 0) {
            throw new IllegalStateException("jetty-base setup failed; see " + base.resolve("logs/setup.log"));
        }
        Files.createDirectories(base.resolve("webapps"));
        Files.copy(Path.of(Container.required("herald.it.war")), base.resolve("webapps/herald.war"));
        Files.writeString(base.resolve("etc/herald-realm.properties"),
                HeraldServer.ADMIN + ": " + HeraldServer.PASSWORD + ", herald-admin\n"
                        + HeraldServer.PUBLISHER + ": " + HeraldServer.PASSWORD + ", herald-publisher\n", StandardCharsets.UTF_8);
        // The realm file as docs/admin.md shows it.
        Files.writeString(base.resolve("etc/herald-realm.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                <Configure id="Server" class="org.eclipse.jetty.server.Server">
                  <Call id="resources" class="org.eclipse.jetty.util.resource.ResourceFactory" name="root"/>
                  <Ref refid="resources">
                    <Call id="heraldRealmFile" name="newResource">
                      <Arg><Property name="jetty.base"/>/etc/herald-realm.properties</Arg>
                    </Call>
                  </Ref>
                  <Call name="addBean">
                    <Arg>
                      <New class="org.eclipse.jetty.security.HashLoginService">
                        <Set name="name">Herald</Set>
                        <Set name="config"><Ref refid="heraldRealmFile"/></Set>
                      </New>
                    </Arg>
                  </Call>
                </Configure>
                """, StandardCharsets.UTF_8);
        port = Container.freePort();
        launch();
    }

    /** Starts Jetty on the prepared jetty-base (again, after a kill or stop) and waits until Herald serves. */
    public void launch() throws java.io.IOException {
        Path home = Path.of(Container.required("herald.it.jetty.home"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-Djava.io.tmpdir=" + base,
                "-Dherald.data-dir=" + base.resolve("data")));
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", home.resolve("start.jar").toString(), "jetty.http.port=" + port,
                "jetty.http.host=127.0.0.1", "etc/herald-realm.xml"));
        process = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("logs/console.log").toFile())).start();
        Container.awaitServing(this, process, START);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Container.stop(process);
    }

    @Override
    public Process process() {
        return process;
    }

    @Override
    public int status(String path) {
        return Container.status(port, path);
    }
}

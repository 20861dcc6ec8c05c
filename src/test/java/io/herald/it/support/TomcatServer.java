package io.herald.it.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real built {@code target/herald.war}, deployed at {@code /herald} into the Tomcat
 * distribution that the build unpacks from Maven Central (property {@code herald.it.tomcat.home}),
 * run as a separate process with its own {@code CATALINA_BASE} on a free loopback port.
 * Failsafe runs the tests that use it, after {@code package}.
 */
public final class TomcatServer implements Container, BeforeAllCallback, AfterAllCallback {

    private static final Duration START = Duration.ofSeconds(90);

    private final String homeProperty;
    private final Map<String, String> systemProperties;
    private Process process;
    private Path base;
    private java.util.function.Function<Path, String> contextXml;
    private final java.util.List<Path> libJars = new java.util.ArrayList<>();
    private int port;
    private boolean manager;
    private boolean unbufferedAccessLog;

    /** Tomcat 11 (property {@code herald.it.tomcat.home}). */
    public TomcatServer(Map<String, String> systemProperties) {
        this("herald.it.tomcat.home", systemProperties);
    }

    /** The Tomcat unpacked where system property {@code homeProperty} says. */
    public TomcatServer(String homeProperty, Map<String, String> systemProperties) {
        this.homeProperty = homeProperty;
        this.systemProperties = systemProperties;
    }

    /** Herald's context file ({@code conf/Catalina/localhost/herald.xml}), made from CATALINA_BASE. */
    public TomcatServer contextXml(java.util.function.Function<Path, String> xml) {
        this.contextXml = xml;
        return this;
    }

    /** A jar for Tomcat's own class path ({@code $CATALINA_BASE/lib}), e.g. the JDBC driver of a container DataSource. */
    public TomcatServer libJar(Path jar) {
        libJars.add(jar);
        return this;
    }

    /**
     * Also deploys Tomcat's manager application (from the distribution) with a user
     * {@link #DEPLOYER} of role manager-script, for tests that undeploy and redeploy Herald.
     */
    public TomcatServer withManager() {
        this.manager = true;
        return this;
    }

    public static final String DEPLOYER = "deployer";

    /** Writes each access log line at once (the default server.xml's valve buffers them). */
    public TomcatServer unbufferedAccessLog() {
        this.unbufferedAccessLog = true;
        return this;
    }

    /** CATALINA_BASE, once started. */
    public Path catalinaBase() {
        return base;
    }

    @Override
    public String name() {
        return Path.of(System.getProperty(homeProperty, homeProperty)).getFileName().toString();
    }

    @Override
    public int port() {
        return port;
    }

    /** The console and log files, for failure messages. */
    @Override
    public Path logs() {
        return base.resolve("logs");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path home = Path.of(Container.required(homeProperty));
        Path war = Path.of(Container.required("herald.it.war"));
        base = Files.createTempDirectory(Path.of(Container.required("herald.it.work")), "tomcat-");
        for (String dir : new String[] {"conf", "logs", "temp", "webapps", "work"}) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
            for (Path file : conf.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
            }
        }
        port = Container.freePort();
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml, StandardCharsets.UTF_8)
                .replace("port=\"8080\" protocol=\"HTTP/1.1\"", "port=\"" + port
                        + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\" maxHttpHeaderSize=\"4096\""
                        + " socket.appReadBufSize=\"1024\" socket.appWriteBufSize=\"1024\"")
                .replace("port=\"8005\"", "port=\"-1\"");
        if (unbufferedAccessLog) {
            xml = xml.replace("prefix=\"localhost_access_log\"", "buffered=\"false\" prefix=\"localhost_access_log\"")
                    .replace("&quot;%r&quot; %s %b\"", "&quot;%r&quot; %s %b %D %{io.herald.close-reason}r\"");
        }
        if (!xml.contains("port=\"" + port + "\"")) {
            throw new IllegalStateException("server.xml of " + home + " has no HTTP connector on 8080 to move");
        }
        Files.writeString(serverXml, xml, StandardCharsets.UTF_8);
        // The test administrator in Tomcat's default realm (conf/tomcat-users.xml), as docs/admin.md shows.
        Files.writeString(base.resolve("conf/tomcat-users.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<tomcat-users xmlns=\"http://tomcat.apache.org/xml\" version=\"1.0\">\n"
                + "  <role rolename=\"herald-admin\"/>\n"
                + "  <role rolename=\"herald-publisher\"/>\n"
                + "  <user username=\"" + HeraldServer.ADMIN + "\" password=\"" + HeraldServer.PASSWORD
                + "\" roles=\"herald-admin\"/>\n"
                + "  <user username=\"" + HeraldServer.PUBLISHER + "\" password=\"" + HeraldServer.PASSWORD
                + "\" roles=\"herald-publisher\"/>\n"
                + (manager ? "  <role rolename=\"manager-script\"/>\n  <user username=\"" + DEPLOYER + "\" password=\""
                        + HeraldServer.PASSWORD + "\" roles=\"manager-script\"/>\n" : "")
                + "</tomcat-users>\n", StandardCharsets.UTF_8);
        Files.copy(war, base.resolve("webapps/herald.war"), StandardCopyOption.REPLACE_EXISTING);
        if (manager) {
            Path from = home.resolve("webapps/manager");
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.collect(Collectors.toList())) {
                    Path to = base.resolve("webapps/manager").resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
        }
        if (contextXml != null) {
            Files.createDirectories(base.resolve("conf/Catalina/localhost"));
            Files.writeString(base.resolve("conf/Catalina/localhost/herald.xml"), contextXml.apply(base), StandardCharsets.UTF_8);
        }
        if (!libJars.isEmpty()) {
            Files.createDirectories(base.resolve("lib"));
            for (Path jar : libJars) {
                Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        launch();
    }

    /** Starts Tomcat on the prepared CATALINA_BASE (again, after {@link #afterAll} or the process was killed) and waits until Herald serves. */
    public void launch() throws java.io.IOException {
        Path home = Path.of(Container.required(homeProperty));
        StringBuilder opts = new StringBuilder("-Xmx256m -Dherald.data-dir=" + base.resolve("data"));
        systemProperties.forEach((k, v) -> opts.append(" -D").append(k).append('=').append(v));
        ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run")
                .redirectErrorStream(true);
        builder.environment().put("CATALINA_HOME", home.toString());
        builder.environment().put("CATALINA_BASE", base.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("CATALINA_OPTS", opts.toString());
        builder.environment().remove("JAVA_OPTS");
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("logs/console.log").toFile()));
        process = builder.start();
        Container.awaitServing(this, process, START);
    }

    /** A normal stop (SIGTERM, as a service manager does) and a start on the same CATALINA_BASE and port. */
    public void restart() throws Exception {
        Container.stop(process);
        launch();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Container.stop(process);
    }

    /** The running Tomcat's process (catalina.sh execs the JVM, so this is Tomcat's JVM). */
    @Override
    public Process process() {
        return process;
    }

    /** {@code http://127.0.0.1:PORT/herald}: where the webapp answers. */
    @Override
    public String base() {
        return "http://127.0.0.1:" + port + "/herald";
    }

    @Override
    public int status(String path) {
        return Container.status(port, path);
    }
}

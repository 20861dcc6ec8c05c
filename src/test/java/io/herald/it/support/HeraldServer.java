package io.herald.it.support;

import jakarta.servlet.ServletContext;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.config.Herald;
import io.herald.config.HeraldContextListener;
import io.herald.hub.Hub;
import io.herald.store.Actor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Password;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real webapp ({@code src/main/webapp}, its web.xml and listener) in embedded Jetty 12 on a
 * free loopback port, with an H2 file database in its own folder, JSPs compiled by Jasper, and a
 * login realm "Herald" with {@link #ADMIN} (role herald-admin) and {@link #VIEWER} (no Herald role).
 *
 * <p>As a JUnit extension ({@code @RegisterExtension static final HeraldServer herald = new
 * HeraldServer(settings)}) it starts before a class's tests in a fresh folder and stops after them.
 */
public final class HeraldServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final String ADMIN = "admin";
    public static final String VIEWER = "viewer";
    public static final String PUBLISHER = "publisher";
    /** The test users' password. */
    public static final String PASSWORD = "s3cret-test";

    private final Map<String, String> settings;
    private final ByteBufferPool bufferPool;
    private int sendBufferBytes = -1;
    private long idleTimeoutMillis = -1;
    private boolean h2c;
    private org.eclipse.jetty.server.RequestLog requestLog;
    private boolean keepSessions;
    private boolean https;
    private Server server;
    private WebAppContext app;
    private int port;
    private Path dataDir;

    /** Herald with {@code settings} as context parameters; fast heartbeat unless given. */
    public HeraldServer(Map<String, String> settings) {
        this(settings, null);
    }

    /** As above, with the connector's buffer pool given (null: Jetty's default). */
    public HeraldServer(Map<String, String> settings, ByteBufferPool bufferPool) {
        this.settings = settings;
        this.bufferPool = bufferPool;
    }

    /** Each accepted socket's kernel send buffer (SO_SNDBUF), so a stalled client fills it quickly. */
    public HeraldServer sendBuffer(int bytes) {
        this.sendBufferBytes = bytes;
        return this;
    }

    /**
     * How long the connector lets a connection make no progress (Jetty's default is 30 s): a write
     * to a client that stopped reading fails after it, and the stream ends.
     */
    public HeraldServer idleTimeout(java.time.Duration timeout) {
        this.idleTimeoutMillis = timeout.toMillis();
        return this;
    }

    /** Jetty's request log (its access log), called once each request has ended. */
    public HeraldServer requestLog(org.eclipse.jetty.server.RequestLog log) {
        this.requestLog = log;
        return this;
    }

    /** Also speaks HTTP/2 over clear text (h2c, by upgrade or prior knowledge) on the same port. */
    /**
     * Serves HTTPS only, with a certificate for 127.0.0.1 made by the JDK's keytool in the data
     * folder (browsers must be told to accept it).
     */
    public HeraldServer https() {
        this.https = true;
        return this;
    }

    public HeraldServer h2c() {
        this.h2c = true;
        return this;
    }

    /**
     * Keeps HTTP sessions (and so logins) across {@link #stopServer}/{@link #startAgain} in files
     * under the data folder, as docs/deploy-jetty.md recommends (Jetty's {@code session-store-file}
     * module: a DefaultSessionCache in front of a FileSessionDataStore).
     */
    public HeraldServer keepSessions() {
        this.keepSessions = true;
        return this;
    }

    public static HeraldServer start(Path dataDir, Map<String, String> settings) throws Exception {
        return start(dataDir, settings, 0);
    }

    /** Serves on {@code port} (0: a free one): a Herald started again after a kill takes the port it had. */
    public static HeraldServer start(Path dataDir, Map<String, String> settings, int port) throws Exception {
        HeraldServer herald = new HeraldServer(settings);
        herald.port = port;
        herald.startIn(dataDir);
        return herald;
    }

    public static HeraldServer start(Path dataDir) throws Exception {
        return start(dataDir, Map.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        startIn(Files.createTempDirectory("herald-it-"));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    public void startIn(Path dataDir) throws Exception {
        this.dataDir = dataDir;
        Map<String, String> all = new HashMap<>();
        all.put("herald.data-dir", dataDir.toString());
        all.put("herald.stream.heartbeat-ms", "200");
        // Most tests are about delivery, not access: channels are public unless a test says otherwise.
        all.put("herald.access.default", "public");
        // Tests open many streams from 127.0.0.1 and publish fast; LimitsTest sets its own limits.
        all.put("herald.limits.connections-per-client", "100000");
        all.put("herald.limits.publishes-per-second", "1000000");
        all.putAll(settings);
        server = new Server(null, null, bufferPool);
        org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
        ServerConnector connector = https ? TestCertificate.connector(server, http, dataDir)
                : h2c ? new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http),
                        new org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory(http))
                : new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port); // 0 the first time: a free port; a restart takes the same one
        if (sendBufferBytes > 0) {
            connector.setAcceptedSendBufferSize(sendBufferBytes);
        }
        if (idleTimeoutMillis > 0) {
            connector.setIdleTimeout(idleTimeoutMillis);
        }
        server.addConnector(connector);
        if (keepSessions) {
            server.addBean(new org.eclipse.jetty.session.DefaultSessionCacheFactory());
            org.eclipse.jetty.session.FileSessionDataStoreFactory files = new org.eclipse.jetty.session.FileSessionDataStoreFactory();
            files.setStoreDir(Files.createDirectories(dataDir.resolve("sessions")).toFile());
            server.addBean(files);
        }
        app = new WebAppContext();
        app.setContextPath("/");
        app.setBaseResourceAsString("src/main/webapp");
        app.setParentLoaderPriority(true);
        app.setThrowUnavailableOnStartupException(true);
        app.addConfiguration(new AnnotationConfiguration());
        app.setAttribute("org.eclipse.jetty.server.webapp.ContainerIncludeJarPattern",
                ".*/jakarta.servlet.jsp.jstl-[^/]*\\.jar$|.*/jakarta.servlet.jsp.jstl-api-[^/]*\\.jar$");
        app.setTempDirectory(dataDir.resolve("jetty-work").toFile());
        UserStore users = new UserStore();
        users.addUser(ADMIN, new Password(PASSWORD), new String[] {"herald-admin"});
        users.addUser(VIEWER, new Password(PASSWORD), new String[] {"staff"});
        users.addUser(PUBLISHER, new Password(PASSWORD), new String[] {"herald-publisher"});
        HashLoginService login = new HashLoginService("Herald");
        login.setUserStore(users);
        app.getSecurityHandler().setLoginService(login);
        all.forEach(app::setInitParameter);
        server.setHandler(app);
        if (requestLog != null) {
            server.setRequestLog(requestLog);
        }
        server.setStopTimeout(1000);
        server.start();
        port = connector.getLocalPort();
    }

    public int port() {
        return port;
    }

    /** The folder of its H2 database (and Jetty's work files). */
    public Path dataDir() {
        return dataDir;
    }

    public URI uri(String pathAndQuery) {
        return URI.create((https ? "https" : "http") + "://127.0.0.1:" + port + pathAndQuery);
    }

    /** The idle timeout of the webapp's sessions, as its web.xml sets it. */
    public int sessionTimeoutSeconds() {
        return app.getSessionHandler().getMaxInactiveInterval();
    }

    /** The webapp's servlet context: its registered servlets, for tests that enumerate routes. */
    public ServletContext servletContext() {
        return app.getServletContext();
    }

    public Hub hub() {
        return ((Herald) app.getServletContext().getAttribute(HeraldContextListener.HERALD_ATTRIBUTE)).hub();
    }

    /**
     * Adds or replaces a channel rule as the console would ({@code access}: public, authenticated or
     * role:NAME), without the console's pages: for tests about what a rule does to streams.
     */
    public void rule(String pattern, String access) {
        ((Herald) app.getServletContext().getAttribute(HeraldContextListener.HERALD_ATTRIBUTE)).rules()
                .put(pattern, access, false, Actor.HERALD);
    }

    public SseSubscription subscribe(String pathAndQuery) {
        return SseSubscription.open(uri(pathAndQuery));
    }

    public HttpResponse<String> post(String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/messages"))
                .header("Content-Type", contentType)
                .header("Authorization", basic(PUBLISHER, PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(request);
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
    }

    /** Publishes through the API and returns the stored id (asserting 201). */
    public long publish(String channel, String event, String data) {
        JsonObject body = new JsonObject();
        body.addProperty("channel", channel);
        if (event != null) {
            body.addProperty("event", event);
        }
        body.addProperty("data", data);
        HttpResponse<String> response = post("application/json", body.toString());
        assertEquals(201, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject().get("id").getAsLong();
    }

    public static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code method} on {@code uri} with an optional Authorization header and JSON body (null: none). */
    public static HttpResponse<String> call(URI uri, String method, String authorization, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(10)).method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return SseSubscription.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Undeploys Herald (as a container does on redeploy or shutdown), then stops the server. */
    @Override
    public void close() throws Exception {
        app.stop();
        stopJetty();
    }

    /** Stops the whole server at once: connectors first, then the webapp. */
    public void stopServer() throws Exception {
        stopJetty();
    }

    /**
     * Stops Jetty with its graceful second. A connection still busy after it (an open stream the
     * webapp closes only as it stops, a refused body being drained on a loaded machine) makes
     * Jetty report a timeout after it has stopped every connector anyway: only that is tolerated.
     */
    private void stopJetty() throws Exception {
        try {
            server.stop();
        } catch (java.util.concurrent.TimeoutException busy) {
            if (!java.util.Arrays.stream(server.getConnectors()).allMatch(org.eclipse.jetty.server.Connector::isStopped)) {
                throw busy;
            }
        }
    }

    /** After {@link #stopServer}: starts Herald again on the same port and data (sessions are gone unless {@link #keepSessions}). */
    public void startAgain() throws Exception {
        startIn(dataDir);
    }
}

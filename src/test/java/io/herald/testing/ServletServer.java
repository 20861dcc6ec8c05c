package io.herald.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Password;

/**
 * A real Jetty on a free loopback port serving the servlets and filters a unit test mounts in one
 * context (with HTTP sessions), open to all or behind a BASIC login of {@link #USER}: real requests
 * and responses for a servlet's own logic, without the whole webapp.
 */
public final class ServletServer implements AutoCloseable {

    public static final String USER = "admin";
    public static final String PASSWORD = "s3cret-test";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Server server;
    private final int port;

    private ServletServer(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Serves what {@code mount} adds to the context, to anyone. */
    public static ServletServer start(Consumer<ServletContextHandler> mount) throws Exception {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        mount.accept(context);
        return serve(context);
    }

    /** Serves what {@code mount} adds only after a BASIC login of {@link #USER}, who has {@code role}. */
    public static ServletServer startBehindLogin(String role, Consumer<ServletContextHandler> mount) throws Exception {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS | ServletContextHandler.SECURITY);
        UserStore users = new UserStore();
        users.addUser(USER, new Password(PASSWORD), new String[] {role});
        HashLoginService login = new HashLoginService("test");
        login.setUserStore(users);
        ConstraintMapping everything = new ConstraintMapping();
        everything.setPathSpec("/*");
        everything.setConstraint(Constraint.from(role));
        ConstraintSecurityHandler security = (ConstraintSecurityHandler) context.getSecurityHandler();
        security.setLoginService(login);
        security.setAuthenticator(new BasicAuthenticator());
        security.addConstraintMapping(everything);
        mount.accept(context);
        return serve(context);
    }

    private static ServletServer serve(ServletContextHandler context) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        server.setStopTimeout(0);
        server.start();
        return new ServletServer(server, connector.getLocalPort());
    }

    /** The {@code Authorization} header of {@link #USER}. */
    public static String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** Sends {@code request} (built on {@link #uri}) and reads the answer as text. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request to the test server failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

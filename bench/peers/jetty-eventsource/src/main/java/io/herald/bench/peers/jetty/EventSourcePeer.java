package io.herald.bench.peers.jetty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlets.EventSource;
import org.eclipse.jetty.ee10.servlets.EventSourceServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Herald benchmark peer: the plain pattern for Jetty's own {@link EventSourceServlet}, embedded.
 *
 * <pre>
 *   java -jar target/jetty-eventsource-peer.jar PORT
 *   subscribe: GET  http://127.0.0.1:PORT/events   (needs the header "Accept: text/event-stream")
 *   publish:   POST http://127.0.0.1:PORT/publish  (raw body = message; replies 204)
 * </pre>
 *
 * Every subscriber's {@link EventSource.Emitter} sits in one concurrent set; a publish writes the
 * message to each of them in turn, in the publishing request's thread. No ids, no history.
 */
public final class EventSourcePeer {

    /** Emitters of every open subscription. */
    static final Set<EventSource.Emitter> EMITTERS = ConcurrentHashMap.newKeySet();

    private EventSourcePeer() {
    }

    /** GET /events: one EventSource per request, registered while open. */
    public static final class EventsServlet extends EventSourceServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected EventSource newEventSource(HttpServletRequest request) {
            return new EventSource() {
                private volatile Emitter emitter;

                @Override
                public void onOpen(Emitter emitter) {
                    this.emitter = emitter;
                    EMITTERS.add(emitter);
                }

                @Override
                public void onClose() {
                    Emitter e = emitter;
                    if (e != null) {
                        EMITTERS.remove(e);
                    }
                }
            };
        }
    }

    /** POST /publish: sends the body to every registered emitter, then replies 204. */
    public static final class PublishServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            for (EventSource.Emitter emitter : EMITTERS) {
                try {
                    emitter.data(body);
                } catch (IOException gone) {
                    EMITTERS.remove(emitter);
                    try {
                        emitter.close();
                    } catch (RuntimeException ignored) {
                        // already completed
                    }
                }
            }
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -jar jetty-eventsource-peer.jar PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);

        // Jetty's default pool (max 200 threads); SSE streams are async, so they hold no thread.
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("peer");
        Server server = new Server(threads);

        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        // Room for a burst of thousands of subscribers connecting at once (the JDK default is 50).
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder events = new ServletHolder("events", new EventsServlet());
        events.setAsyncSupported(true);
        context.addServlet(events, "/events");
        ServletHolder publish = new ServletHolder("publish", new PublishServlet());
        publish.setAsyncSupported(true);
        context.addServlet(publish, "/publish");
        server.setHandler(context);

        server.setStopAtShutdown(true);
        server.start();
        System.out.println("jetty-eventsource peer listening on http://127.0.0.1:" + port
                + " (pid " + ProcessHandle.current().pid() + ", Jetty " + Server.getVersion() + ")");
        server.join();
    }
}

package io.herald.it;

import java.nio.file.Path;

/** A servlet container running the built herald.war at {@code /herald} in its own process. */
interface Container {

    /** Which container, for messages (e.g. apache-tomcat-11.0.24). */
    String name();

    int port();

    /** {@code http://127.0.0.1:PORT/herald}. */
    String base();

    /** The status of a GET of {@code path} (from the server root), or -1 when nothing answers. */
    int status(String path);

    /** Where the container writes its console and logs, for failure messages. */
    Path logs();
}

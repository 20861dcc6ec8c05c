package io.herald.it.container;

import io.herald.it.support.Container;
import io.herald.it.support.TomcatServer;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The smoke suite in the Tomcat 11 distribution. */
class Tomcat11IT extends ContainerSmoke {

    @RegisterExtension
    static final TomcatServer tomcat = new TomcatServer("herald.it.tomcat.home", Map.of());

    @Override
    Container container() {
        return tomcat;
    }
}

package io.herald.it.container;

import io.herald.it.support.Container;
import io.herald.it.support.JettyDistributionServer;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The smoke suite in the Jetty 12 distribution (jetty-home), set up as docs/deploy-jetty.md says. */
class Jetty12IT extends ContainerSmoke {

    @RegisterExtension
    static final JettyDistributionServer jetty = new JettyDistributionServer(Map.of());

    @Override
    Container container() {
        return jetty;
    }
}

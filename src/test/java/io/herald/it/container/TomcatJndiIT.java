package io.herald.it.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.herald.it.support.Container;
import io.herald.it.support.HeraldServer;
import io.herald.it.support.TomcatServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Herald in Tomcat 11 with the container's DataSource, exactly as docs/deploy-tomcat.md shows:
 * a {@code <Resource name="jdbc/herald">} in {@code conf/Catalina/localhost/herald.xml} and the
 * JDBC driver in Tomcat's {@code lib/}. Herald uses it (and not its own pool).
 */
class TomcatJndiIT {

    @RegisterExtension
    static final TomcatServer tomcat = new TomcatServer("herald.it.tomcat.home", Map.of())
            .libJar(h2Jar())
            .contextXml(base -> """
                    <Context>
                      <Resource name="jdbc/herald" auth="Container" type="javax.sql.DataSource"
                                driverClassName="org.h2.Driver"
                                url="jdbc:h2:file:%s/container-db/herald;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                                username="sa" password="" maxTotal="20" maxIdle="5" maxWaitMillis="10000"/>
                    </Context>
                    """.formatted(base));

    private static Path h2Jar() {
        try {
            return Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void heraldUsesTheContainersDataSource() {
        HttpResponse<String> health = HeraldServer.send(HttpRequest.newBuilder(URI.create(tomcat.base() + "/health")).build());
        assertEquals(200, health.statusCode(), health.body());
        JsonObject body = JsonParser.parseString(health.body()).getAsJsonObject();
        assertEquals("java:comp/env/jdbc/herald", body.get("dataSource").getAsString());

        HttpResponse<String> published = HeraldServer.send(HttpRequest.newBuilder(URI.create(tomcat.base() + "/api/messages"))
                .header("Authorization", HeraldServer.basic(HeraldServer.PUBLISHER, HeraldServer.PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"jndi\",\"data\":\"stored in the container's database\"}")).build());
        assertEquals(201, published.statusCode(), published.body());
        assertTrue(Files.exists(tomcat.catalinaBase().resolve("container-db/herald.mv.db")), "the container's database file");
        assertFalse(Files.exists(tomcat.catalinaBase().resolve("data/herald.mv.db")), "Herald's own default database is not used");
    }
}

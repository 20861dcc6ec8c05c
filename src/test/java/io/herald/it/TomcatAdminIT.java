package io.herald.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin console from the real herald.war in Tomcat 11 at {@code /herald}: login through
 * tomcat-users.xml, every page rendered by Tomcat's Jasper with the JSTL the WAR carries, and
 * every link, form, script and stylesheet under the context path (no root-absolute URL).
 */
class TomcatAdminIT {

    private static final Pattern URL_ATTRIBUTE = Pattern.compile("(?:href|src|action|data-stats|data-stream)=\"([^\"]*)\"");

    @RegisterExtension
    static final TomcatServer tomcat = new TomcatServer(Map.of());

    @Test
    void pagesRenderUnderTheContextPathAndBroadcastWorks() {
        AdminSession wrong = new AdminSession(tomcat.base());
        assertTrue(wrong.login(HeraldServer.ADMIN, "wrong").body().contains("Wrong user name or password."));

        AdminSession admin = AdminSession.admin(new AdminSession(tomcat.base()));
        for (String path : new String[] {"/admin/", "/admin/broadcast", "/admin/connections", "/admin/messages", "/admin/bans"}) {
            HttpResponse<String> page = admin.get(path);
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.body().contains("Signed in as"), path);
            Matcher urls = URL_ATTRIBUTE.matcher(page.body());
            int count = 0;
            while (urls.find()) {
                String url = urls.group(1);
                count++;
                assertTrue(url.startsWith("/herald/") || url.startsWith("#") || url.startsWith("http"),
                        path + " has a URL outside the context path: " + url);
            }
            assertTrue(count >= 8, path + " has only " + count + " URLs");
        }
        assertEquals(200, tomcat.status("/herald/assets/admin.css"));
        assertEquals(200, tomcat.status("/herald/assets/admin.js"));

        HttpResponse<String> sent = admin.post("/admin/broadcast",
                Map.of("channel", "tomcat-admin", "data", "<b>hello</b>", "action", "send"));
        assertEquals(302, sent.statusCode());
        String location = sent.headers().firstValue("Location").orElseThrow();
        assertTrue(location.contains("/herald/admin/broadcast?sent="), location);
        String result = admin.followRedirect(sent).body();
        assertTrue(result.contains("Stored as message"), result);
        String messages = admin.get("/admin/messages?channel=tomcat-admin").body();
        assertTrue(messages.contains("&lt;b&gt;hello&lt;/b&gt;"), messages);
        assertFalse(messages.contains("<b>hello</b>"));
        assertEquals(403, admin.postWithoutToken("/admin/broadcast",
                Map.of("channel", "tomcat-admin", "data", "forged", "action", "send")).statusCode());
    }
}

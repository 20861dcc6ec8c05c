package io.herald.bench.loadgen;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * An http:// URL whose host is a loopback address. The generator refuses anything else: it is a
 * benchmark tool for one machine, and must never be pointed at somebody else's server by a typo.
 */
final class LoopbackUrl {

    final String host;
    final int port;
    /** Path and query, as sent on the request line. */
    final String target;
    final InetSocketAddress address;

    private LoopbackUrl(String host, int port, String target, InetSocketAddress address) {
        this.host = host;
        this.port = port;
        this.target = target;
        this.address = address;
    }

    static LoopbackUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("only http:// URLs are supported: " + url);
        }
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("URL has no host: " + url);
        }
        InetAddress ip;
        if (host.equalsIgnoreCase("localhost")) {
            ip = InetAddress.getLoopbackAddress();
        } else if (host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            try {
                ip = InetAddress.getByName(host); // a literal: no lookup happens
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bad address: " + host);
            }
        } else {
            throw new IllegalArgumentException("refusing non-loopback host '" + host + "' (only 127.x.x.x or localhost)");
        }
        if (!ip.isLoopbackAddress()) {
            throw new IllegalArgumentException("refusing non-loopback host " + host);
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        String hostHeader = uri.getPort() < 0 ? host : host + ":" + port;
        return new LoopbackUrl(hostHeader, port, target, new InetSocketAddress(ip, port));
    }
}

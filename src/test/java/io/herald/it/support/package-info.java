/**
 * The shared integration harness: Herald in embedded Jetty, in its own JVM, in the Tomcat and Jetty
 * distributions and as PostgreSQL nodes; SSE clients (a spec-conformant parser, an HttpClient
 * subscription, a bare socket); an admin session; headless Chromium, a page of another origin, a
 * breakable reverse proxy; slow-body clients, competing load and a heap probe.
 */
package io.herald.it.support;

/**
 * The servlet plumbing that the public API ({@code web}) and the console ({@code admin}) share, so
 * each is written once: JSON replies and their error body {@code {"error","detail"}} with
 * {@link io.herald.http.ApiError} and {@link io.herald.http.ApiServlet} (405 with {@code Allow}),
 * publishing and waiting for the commit ({@link io.herald.http.PublishAndWait}, whose failures each
 * side words for its readers), the console's CSRF tokens, and who a request is (container user and
 * roles, API keys, bans, access decisions). It may use {@code access}, {@code announce},
 * {@code cluster}, {@code hub}, {@code store} and {@code protocol}, the Servlet API and Gson; never
 * {@code web}, {@code admin} or {@code config}.
 */
package io.herald.http;

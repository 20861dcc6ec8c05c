/**
 * Who may do what: channel rules, API keys, bans and one-time stream tickets, each kept in the
 * database and cached here, and each change ending the open streams it no longer allows (through
 * the hub); company tokens (JWT, with Nimbus JOSE+JWT) and the audit trail of administrative acts. Uses {@code hub} (to find and close streams, and the {@code Viewer} a stream carries),
 * {@code store} and {@code protocol}; knows nothing of servlets.
 */
package io.herald.access;

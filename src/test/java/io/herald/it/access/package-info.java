/**
 * Who may publish and subscribe over HTTP: credentials, API keys, channel rules, tickets, CORS,
 * presence, bans everywhere and across restarts.
 */
package io.herald.it.access;

/**
 * Announcements: banners an administrator publishes on a channel as stored messages, in force until
 * they expire or are withdrawn, and the list of those in force per channel that pages and the
 * widget show, read from the store so every node of a cluster sees the same. Uses {@code store} and
 * {@code protocol}; knows nothing of servlets.
 */
package io.herald.announce;

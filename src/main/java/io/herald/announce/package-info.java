/**
 * Announcements: banners an administrator publishes on a channel, in force until they expire or
 * are withdrawn, and the list of those in force that pages and the widget show. Uses {@code store}
 * (announcements are stored messages) and {@code protocol}; knows nothing of servlets.
 */
package io.herald.announce;

/** Announcements over HTTP: acknowledgement, receipts, the user directory. */
package io.herald.it.announce;

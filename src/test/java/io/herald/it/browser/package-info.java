/**
 * Real pages in headless Chromium: the admin console, herald.js, CORS from another origin, the
 * widget, restarts behind a reverse proxy.
 */
package io.herald.it.browser;

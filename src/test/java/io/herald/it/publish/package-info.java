/**
 * The publish API over HTTP: replies, history, refusals that leave the store unchanged.
 */
package io.herald.it.publish;

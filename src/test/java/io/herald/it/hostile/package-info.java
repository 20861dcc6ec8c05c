/**
 * Hostile and careless clients: random and malformed requests, slow request bodies, every limit.
 */
package io.herald.it.hostile;

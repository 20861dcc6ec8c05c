/**
 * Several Herald nodes on one real PostgreSQL: delivery to every node in one order, the console and
 * presence across nodes.
 */
package io.herald.it.cluster;

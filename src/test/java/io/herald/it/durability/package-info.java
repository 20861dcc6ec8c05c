/**
 * What survives a crash, a stop or a database failure: acknowledged messages, ids that never go
 * back, the journal, retention's reset, shutdown hints, and the torture test.
 */
package io.herald.it.durability;

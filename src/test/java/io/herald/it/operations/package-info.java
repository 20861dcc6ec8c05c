/**
 * What an operator relies on: health, metrics (Prometheus and JMX), HEAD probes, the access log.
 */
package io.herald.it.operations;

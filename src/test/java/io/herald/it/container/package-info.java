/**
 * The built WAR in real containers (Tomcat 10.1 and 11, Jetty 12 distributions, run by Failsafe):
 * the smoke suite, churn, hostile clients, JNDI, redeploys, restarts with sessions.
 */
package io.herald.it.container;

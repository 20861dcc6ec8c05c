/**
 * Start and stop: {@link io.herald.config.Settings} read and validated once (context parameters,
 * system properties, environment, a properties file), the composition root
 * {@link io.herald.config.Herald} that builds every part in one pass and starts and stops it in
 * order, the database it opens (pool or container DataSource, schema, journal, id mark), the
 * route table of servlets and filters, and the context listener that runs it all with the webapp.
 * It may use every other package; none uses it (settings reach them through constructors).
 */
package io.herald.config;

-- Herald's outbox for MySQL 8 and MariaDB 10.5 or later, InnoDB (issue 19). Apply it to the
-- application's own database, then name that database to Herald (herald.outbox.sources,
-- herald.outbox.<name>.url or .jndi, docs/publishing.md). The application inserts channel, event
-- and data in the same transaction as its business data:
--   INSERT INTO herald_outbox (channel, event, data) VALUES ('orders', 'created', '{"id":17}');
-- Herald polls it (herald.outbox.<name>.poll-ms), publishes each committed row exactly once, in id
-- order, then deletes it.
CREATE TABLE IF NOT EXISTS herald_outbox (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    channel    VARCHAR(128) NOT NULL,
    event      VARCHAR(128) NULL,
    data       LONGTEXT     NOT NULL,
    created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

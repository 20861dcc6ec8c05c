-- Herald's outbox for Microsoft SQL Server 2016 or later (issue 19). Apply it to the application's
-- own database, then name that database to Herald (herald.outbox.sources,
-- herald.outbox.<name>.url or .jndi, docs/publishing.md). The application inserts channel, event
-- and data in the same transaction as its business data:
--   INSERT INTO herald_outbox (channel, event, data) VALUES (N'orders', N'created', N'{"id":17}');
-- Herald polls it (herald.outbox.<name>.poll-ms), publishes each committed row exactly once, in id
-- order, then deletes it. Run it once: it fails if the table exists.
CREATE TABLE herald_outbox (
    id         BIGINT IDENTITY(1, 1) PRIMARY KEY,
    channel    NVARCHAR(128)  NOT NULL,
    event      NVARCHAR(128)  NULL,
    data       NVARCHAR(MAX)  NOT NULL,
    created_at DATETIMEOFFSET NOT NULL DEFAULT SYSDATETIMEOFFSET()
);

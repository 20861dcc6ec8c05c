-- Retention (issue 6): per channel, the greatest id pruned so far. A client resuming from an id
-- below its channel's floor missed messages that are gone: it gets `event: reset`, never a silent gap.
CREATE TABLE herald_channel_floor (
    channel        VARCHAR(128) NOT NULL PRIMARY KEY,
    pruned_through BIGINT       NOT NULL
);

-- Acknowledged announcements (issue 22). Runs unchanged on H2 (MODE=PostgreSQL) and PostgreSQL.
-- A receipt: how far one user got with one announcement (a message of event announcement whose
-- data asks for acknowledgement); each time is the first one, never overwritten. Retention deletes
-- an announcement's receipts with its message (by channel and id, as it deletes messages).
CREATE TABLE herald_receipt (
    message_id      BIGINT                   NOT NULL,
    channel         VARCHAR(128)             NOT NULL,
    user_name       VARCHAR(256)             NOT NULL,
    delivered_at    TIMESTAMP WITH TIME ZONE,
    displayed_at    TIMESTAMP WITH TIME ZONE,
    acknowledged_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (message_id, user_name)
);
CREATE INDEX herald_receipt_channel_id ON herald_receipt (channel, message_id);
-- Every user who ever opened a stream: the roles Herald knew of at the last one, and when that was.
-- "Not yet reached" on a receipts page lists the members of an announcement's audience found here.
CREATE TABLE herald_user (
    name      VARCHAR(256)             PRIMARY KEY,
    roles     VARCHAR(4000)            NOT NULL,
    last_seen TIMESTAMP WITH TIME ZONE NOT NULL
);

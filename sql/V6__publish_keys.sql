-- Idempotency keys of publishes (issue 19). A publish that carries a key (the Idempotency-Key
-- header, or idempotencyKey in its body) is stored once per publisher and key: a repeat within
-- herald.publish.idempotency-window-seconds answers the first publish's 201 and stores nothing.
-- Written in the same transaction as the message; rows older than the window are pruned by
-- retention. Only a hash of the data is kept, to tell a true repeat from a reused key.
CREATE TABLE IF NOT EXISTS herald_publish_key (
    publisher  VARCHAR(300)             NOT NULL,
    idem_key   VARCHAR(200)             NOT NULL,
    message_id BIGINT                   NOT NULL,
    channel    VARCHAR(128)             NOT NULL,
    event      VARCHAR(128),
    data_hash  VARCHAR(64)              NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (publisher, idem_key)
);

CREATE INDEX IF NOT EXISTS herald_publish_key_created ON herald_publish_key (created_at);

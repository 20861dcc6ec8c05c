-- Which node drains each application outbox (issue 19): one node at a time holds a source's lease
-- and renews it while it drains; when it stops renewing (it died), another node takes the source
-- over once expires_at has passed. A single node holds its leases the same way.
CREATE TABLE IF NOT EXISTS herald_outbox_lease (
    source     VARCHAR(64)              NOT NULL PRIMARY KEY,
    node       VARCHAR(200)             NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Each stored message names who published it (issue 20): a user, apikey:NAME for an application's
-- key, outbox:NAME for an application's outbox; null where publishing is open and for messages stored
-- before this column. Shown in the history API and on the console's messages page.
ALTER TABLE herald_message ADD COLUMN publisher VARCHAR(256);

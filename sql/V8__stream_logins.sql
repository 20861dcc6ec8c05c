-- A stream never outlives the login behind it (issue 20): a ticket remembers the container session
-- it was issued to (the first 8 bytes of the SHA-256 of the session id, 0 for none), so that the
-- stream it opens ends when that session ends, on whichever node; and when the login that asked
-- for it expires (a token's exp), so that the stream ends then too. Runs unchanged on H2 and PostgreSQL.
ALTER TABLE herald_ticket ADD COLUMN session_key BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE herald_ticket ADD COLUMN login_until TIMESTAMP WITH TIME ZONE;

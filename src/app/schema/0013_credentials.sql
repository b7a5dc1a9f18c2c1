-- Credential changes end what came before them (docs/operations.md, Accounts).
-- A password set or reset, or an account disabled or enabled, raises the
-- user's credential epoch; a session or an API token is honoured only while
-- it carries the epoch of its user, so a change ends every older session and
-- token at once, also one issued concurrently with it.
ALTER TABLE users ADD COLUMN credential_epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN credential_epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN credential_epoch BIGINT NOT NULL DEFAULT 0;

-- Password checks are throttled per (address, username) with a growing delay,
-- and per address with a cap (accounts/throttle.h).
CREATE INDEX login_failures_pair ON login_failures(username, remote_address, at);
CREATE INDEX login_failures_address ON login_failures(remote_address, at);

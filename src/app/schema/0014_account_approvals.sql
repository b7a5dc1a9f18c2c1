-- The second person for health-records access (docs/health.md, separation of
-- duties): granting the health-records right, or taking over an account that
-- holds it (a password reset, re-enabling it), waits for a health officer of a
-- higher unit to approve. The change itself is kept here until then (a new
-- password only as its Argon2id hash).
CREATE TABLE account_approvals (
  id {{pk}},
  kind TEXT NOT NULL CHECK (kind IN ('grant', 'password_reset', 'enable')),
  user_id BIGINT NOT NULL REFERENCES users(id),
  org_path TEXT NOT NULL,
  role TEXT,
  password_hash TEXT,
  reason TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'cancelled', 'expired')),
  requested_by BIGINT NOT NULL REFERENCES users(id),
  requested_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  decided_by BIGINT REFERENCES users(id),
  decided_at BIGINT,
  decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX account_approvals_path ON account_approvals(org_path, state);
-- At most one open request per account and kind, whatever runs concurrently.
CREATE UNIQUE INDEX account_approvals_open ON account_approvals(user_id, kind) WHERE state = 'pending';

-- What an account's owner is told about changes to it that someone else made
-- (shown on the next login and on the account page; kept, never deleted by the UI).
CREATE TABLE account_notices (
  id {{pk}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  params_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  seen_at BIGINT
);
CREATE INDEX account_notices_user ON account_notices(user_id, created_at);

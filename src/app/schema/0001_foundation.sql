-- Foundation: organisation tree, command structure, accounts, emergencies, audit.
-- Instants are BIGINT milliseconds since the Unix epoch (UTC); booleans are 0/1.

CREATE TABLE orgs (
  id {{pk}},
  parent_id BIGINT REFERENCES orgs(id),
  kind TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_en TEXT,
  address TEXT,
  phone TEXT,
  -- Materialised path "/1/4/9/": subtree queries are a prefix match.
  path TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX orgs_path ON orgs(path);

CREATE TABLE command_bodies (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  parent_id BIGINT REFERENCES command_bodies(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  leader_name TEXT NOT NULL,
  leader_title TEXT,
  responsibilities TEXT,
  sort_order BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX command_bodies_org ON command_bodies(org_id);

CREATE TABLE command_members (
  id {{pk}},
  body_id BIGINT NOT NULL REFERENCES command_bodies(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  title TEXT,
  phone TEXT
);
CREATE INDEX command_members_body ON command_members(body_id);

CREATE TABLE command_supervision (
  body_id BIGINT NOT NULL REFERENCES command_bodies(id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (body_id, org_id)
);

CREATE TABLE users (
  id {{pk}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  password_hash TEXT NOT NULL,
  phone TEXT,
  disabled BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  last_login_at BIGINT
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id {{pk}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT,
  last_used_at BIGINT
);

CREATE TABLE login_failures (
  id {{pk}},
  username TEXT NOT NULL,
  remote_address TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures(username, at);

CREATE TABLE emergencies (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  level TEXT NOT NULL,
  region TEXT,
  status TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  end_reason TEXT,
  declared_by BIGINT REFERENCES users(id),
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX emergencies_status ON emergencies(status);

CREATE TABLE emergency_orgs (
  emergency_id BIGINT NOT NULL REFERENCES emergencies(id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (emergency_id, org_id)
);

CREATE TABLE emergency_history (
  id {{pk}},
  emergency_id BIGINT NOT NULL REFERENCES emergencies(id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  action TEXT NOT NULL,
  level TEXT NOT NULL,
  by_user BIGINT REFERENCES users(id),
  note TEXT
);
CREATE INDEX emergency_history_emergency ON emergency_history(emergency_id);

-- Append-only: the service never updates or deletes rows here.
CREATE TABLE audit_log (
  id {{pk}},
  at BIGINT NOT NULL,
  actor_id BIGINT,
  actor_name TEXT NOT NULL,
  org_id BIGINT,
  org_path TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT,
  remote_address TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_path ON audit_log(org_path);

-- The root association every fresh database starts with.
INSERT INTO orgs (parent_id, kind, code, name, name_en, path, created_at)
VALUES (NULL, 'association', 'root', '供水协会', 'Water Utilities Association', '/1/', {{now_ms}});

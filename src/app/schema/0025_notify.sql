-- The notify module (docs/notify.md): group robots per unit, the routing of
-- outbox notices (notify_events, 0008) to them, one delivery per notice and
-- robot, and the log of every request sent to a robot.

-- A DingTalk, WeCom or Feishu group robot, or a plain webhook. The signing
-- secret is sealed with the server's notify_key (never stored in clear, never
-- shown again); keywords are a JSON array of strings the robot requires.
CREATE TABLE notify_robots (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('dingtalk', 'wecom', 'feishu', 'webhook')),
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  secret_sealed TEXT,
  keywords TEXT NOT NULL DEFAULT '[]',
  enabled BIGINT NOT NULL DEFAULT 1,
  rate_per_minute BIGINT NOT NULL DEFAULT 20,
  quiet_start BIGINT,                 -- minutes after local midnight; low priorities wait until quiet_end
  quiet_end BIGINT,
  paused_until BIGINT NOT NULL DEFAULT 0,  -- the service said "too fast": nothing is sent before this
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  removed_at BIGINT
);
CREATE INDEX notify_robots_path ON notify_robots(org_path);

-- Which notices a robot receives: those of the unit subtree `org_path` whose
-- event matches `event` ("health.reminder", "health.*" or "*") at
-- `min_priority` or above; `mention` lets the message @-mention the phones.
CREATE TABLE notify_rules (
  id {{pk}},
  robot_id BIGINT NOT NULL REFERENCES notify_robots(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  event TEXT NOT NULL,
  min_priority TEXT NOT NULL CHECK (min_priority IN ('high', 'normal', 'low')),
  mention BIGINT NOT NULL DEFAULT 0,
  UNIQUE (robot_id, org_id, event)
);

-- One notice to one robot. `priority_rank` orders the queue (0 high, 1
-- normal, 2 low); a claimed delivery's next_attempt_at is pushed past the
-- send, so a second sender cannot take it meanwhile.
CREATE TABLE notify_deliveries (
  id {{pk}},
  event_id BIGINT NOT NULL REFERENCES notify_events(id),
  robot_id BIGINT NOT NULL REFERENCES notify_robots(id),
  org_path TEXT NOT NULL,
  priority_rank BIGINT NOT NULL,
  mention BIGINT NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_attempt_at BIGINT,
  sent_at BIGINT,
  http_status BIGINT,
  errcode BIGINT,
  reason TEXT,                         -- why it failed or waits: signature_refused, rate_limited, network, ...
  error TEXT,                          -- the service's own message
  created_at BIGINT NOT NULL,
  UNIQUE (event_id, robot_id)
);
CREATE INDEX notify_deliveries_due ON notify_deliveries(state, next_attempt_at);
CREATE INDEX notify_deliveries_robot ON notify_deliveries(robot_id, id);
CREATE INDEX notify_deliveries_path ON notify_deliveries(org_path, created_at);

-- Every request sent to a robot (deliveries and test messages): the delivery
-- log, and the robot's rate over the last minute.
CREATE TABLE notify_attempts (
  id {{pk}},
  robot_id BIGINT NOT NULL REFERENCES notify_robots(id),
  delivery_id BIGINT REFERENCES notify_deliveries(id),
  at BIGINT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('sending', 'sent', 'failed', 'retry')),
  http_status BIGINT,
  errcode BIGINT,
  reason TEXT,
  message TEXT NOT NULL DEFAULT '',
  duration_ms BIGINT
);
CREATE INDEX notify_attempts_robot ON notify_attempts(robot_id, at);
CREATE INDEX notify_attempts_delivery ON notify_attempts(delivery_id);

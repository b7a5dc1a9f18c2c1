-- The notify outbox (src/app/notify/outbox.h): notices written in the same
-- transaction as their cause; the notify module routes and delivers them.
CREATE TABLE notify_events (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  event TEXT NOT NULL,
  priority TEXT NOT NULL CHECK (priority IN ('high', 'normal', 'low')),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  link TEXT NOT NULL DEFAULT '',
  mentions TEXT NOT NULL DEFAULT '',
  dedup_key TEXT UNIQUE,
  created_at BIGINT NOT NULL,
  routed_at BIGINT
);
CREATE INDEX notify_events_unrouted ON notify_events(routed_at, id);

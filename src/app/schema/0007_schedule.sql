-- Scheduled work shared by every server (src/app/schedule/scheduler.h): one
-- row per job; a conditional UPDATE claims a due run, and the lease says how
-- long the claimant may take before another server may run it again.
CREATE TABLE schedule_jobs (
  name TEXT PRIMARY KEY,
  next_due_ms BIGINT NOT NULL,
  holder TEXT NOT NULL DEFAULT '',
  lease_until_ms BIGINT NOT NULL DEFAULT 0,
  last_finished_ms BIGINT,
  last_error TEXT,
  runs BIGINT NOT NULL DEFAULT 0,
  failures BIGINT NOT NULL DEFAULT 0
);

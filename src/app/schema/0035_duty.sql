-- Duty (值班值守): posts with their phones and required coverage, rosters in
-- layers of rotations, overrides, shift check-ins, spot checks, the duty log
-- and hand-overs, personal calendar tokens. Instants are BIGINT ms; the
-- people on rosters are staff-register persons (health's staff table).

CREATE TABLE duty_posts (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                 -- dispatch, leader, plant_shift, control_room, hotline, drainage_patrol, other
  phone TEXT,
  red_phone BIGINT NOT NULL DEFAULT 0,   -- the unit's red duty phone (红色值班电话)
  radio_channel TEXT,
  location TEXT,
  coverage_days BIGINT,               -- NULL: always (24 h, every day); else bit 0 Monday … bit 6 Sunday
  coverage_from BIGINT,               -- minutes of the local day
  coverage_to BIGINT,
  min_rest_minutes BIGINT NOT NULL DEFAULT 480,
  sort_order BIGINT NOT NULL DEFAULT 0,
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  UNIQUE (org_id, name)
);
CREATE INDEX duty_posts_path ON duty_posts(org_path);

-- At most one normal and one epidemic roster per post.
CREATE TABLE duty_rosters (
  id {{pk}},
  post_id BIGINT NOT NULL REFERENCES duty_posts(id),
  org_path TEXT NOT NULL,
  kind TEXT NOT NULL,                 -- normal, epidemic
  name TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (post_id, kind)
);

-- A roster's layers; a change ends the current layers and starts new ones
-- (valid_from / valid_until), so the past schedule never changes.
CREATE TABLE duty_layers (
  id {{pk}},
  roster_id BIGINT NOT NULL REFERENCES duty_rosters(id),
  level BIGINT NOT NULL,              -- 1 at the bottom; a higher level wins
  name TEXT NOT NULL,
  rotation TEXT NOT NULL,             -- daily_24h, day_night_12h, three_shifts_8h, weekly, custom
  shift_minutes BIGINT NOT NULL,
  handoff_minute BIGINT NOT NULL,
  starts_on TEXT NOT NULL,            -- the rotation's anchor: starts_on at the hand-off, local
  restrict_days BIGINT,               -- NULL: no restriction
  restrict_from BIGINT,
  restrict_to BIGINT,
  valid_from BIGINT NOT NULL,
  valid_until BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX duty_layers_roster ON duty_layers(roster_id);

CREATE TABLE duty_layer_members (
  layer_id BIGINT NOT NULL REFERENCES duty_layers(id),
  position BIGINT NOT NULL,
  staff_id BIGINT NOT NULL REFERENCES staff(id),
  PRIMARY KEY (layer_id, position)
);
CREATE INDEX duty_layer_members_staff ON duty_layer_members(staff_id);

-- Swaps and covers for one interval; requested ones wait for the unit head.
-- Requested and approved overrides of a post never overlap (checked under a
-- row lock on the post).
CREATE TABLE duty_overrides (
  id {{pk}},
  post_id BIGINT NOT NULL REFERENCES duty_posts(id),
  org_path TEXT NOT NULL,
  kind TEXT NOT NULL,                 -- cover, swap
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  staff_id BIGINT NOT NULL REFERENCES staff(id),
  replaces_staff_id BIGINT REFERENCES staff(id),
  reason TEXT NOT NULL,
  state TEXT NOT NULL,                -- requested, approved, rejected, cancelled
  requested_by BIGINT REFERENCES users(id),
  requested_by_name TEXT NOT NULL,
  decided_by BIGINT REFERENCES users(id),
  decided_by_name TEXT,
  decided_at BIGINT,
  decision_note TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX duty_overrides_post ON duty_overrides(post_id, starts_at);
CREATE INDEX duty_overrides_path ON duty_overrides(org_path, state);

-- Shift check-ins (到岗签到): one per post, person and shift.
CREATE TABLE duty_shift_checkins (
  id {{pk}},
  post_id BIGINT NOT NULL REFERENCES duty_posts(id),
  org_path TEXT NOT NULL,
  staff_id BIGINT NOT NULL REFERENCES staff(id),
  shift_start BIGINT NOT NULL,
  shift_end BIGINT NOT NULL,
  checked_in_at BIGINT NOT NULL,
  late BIGINT NOT NULL DEFAULT 0,
  user_id BIGINT REFERENCES users(id),
  UNIQUE (post_id, staff_id, shift_start)
);
CREATE INDEX duty_shift_checkins_path ON duty_shift_checkins(org_path, shift_start);

-- Spot checks (查岗): the post's phone called at a time, answered or not.
CREATE TABLE duty_spot_checks (
  id {{pk}},
  post_id BIGINT NOT NULL REFERENCES duty_posts(id),
  org_path TEXT NOT NULL,
  at BIGINT NOT NULL,
  answered BIGINT NOT NULL,
  answered_by TEXT,
  staff_id BIGINT REFERENCES staff(id),  -- who was on duty then
  note TEXT,
  checked_by BIGINT REFERENCES users(id),
  checked_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX duty_spot_checks_path ON duty_spot_checks(org_path, at);

-- The duty log (值班日志): append-only; a correction is a new entry naming the one it corrects.
CREATE TABLE duty_log_entries (
  id {{pk}},
  post_id BIGINT NOT NULL REFERENCES duty_posts(id),
  org_path TEXT NOT NULL,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,                 -- call_received, instruction_received, instruction_issued, event, patrol, other
  text TEXT NOT NULL,
  incident_id BIGINT REFERENCES incidents(id),
  hotline_call_id BIGINT REFERENCES hotline_calls(id),
  report_submission_id BIGINT,
  corrects_id BIGINT REFERENCES duty_log_entries(id),
  staff_id BIGINT REFERENCES staff(id),
  author_id BIGINT REFERENCES users(id),
  author_name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX duty_log_post ON duty_log_entries(post_id, at);
CREATE INDEX duty_log_path ON duty_log_entries(org_path, at);

-- Hand-overs (交接班): one per post and incoming shift.
CREATE TABLE duty_handovers (
  id {{pk}},
  post_id BIGINT NOT NULL REFERENCES duty_posts(id),
  org_path TEXT NOT NULL,
  shift_start BIGINT NOT NULL,        -- when the incoming person's shift starts
  from_staff_id BIGINT REFERENCES staff(id),
  to_staff_id BIGINT REFERENCES staff(id),
  note TEXT NOT NULL,
  open_items TEXT NOT NULL,           -- JSON array of strings
  written_at BIGINT NOT NULL,
  written_by BIGINT REFERENCES users(id),
  written_by_name TEXT NOT NULL,
  acknowledged_at BIGINT,
  acknowledged_by BIGINT REFERENCES users(id),
  acknowledged_by_name TEXT,
  ack_note TEXT,
  flagged_at BIGINT,                  -- set by the scheduled job when unacknowledged after the shift start
  UNIQUE (post_id, shift_start)
);
CREATE INDEX duty_handovers_path ON duty_handovers(org_path, shift_start);
CREATE INDEX duty_handovers_open ON duty_handovers(acknowledged_at, flagged_at);

-- Calendar feed tokens: a person's shifts or a post's schedule, revocable.
CREATE TABLE duty_ics_tokens (
  id {{pk}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  staff_id BIGINT REFERENCES staff(id),  -- a person's feed …
  post_id BIGINT REFERENCES duty_posts(id),  -- … or a post's
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  last_used_at BIGINT
);
CREATE INDEX duty_ics_tokens_user ON duty_ics_tokens(user_id);

-- Supervision rounds (督导检查): the HQ's checklists, the rounds its
-- supervision teams (command_bodies of kind supervision_team) make of the
-- units they supervise, findings (photos in the photos table, owner_kind
-- 'supervision_finding'), and rectification items with an owner and a
-- deadline, the unit's response and the team's verification.

CREATE TABLE supervision_checklists (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),   -- the HQ's unit that keeps it
  org_path TEXT NOT NULL,
  name TEXT NOT NULL,
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX supervision_checklists_path ON supervision_checklists(org_path);

CREATE TABLE supervision_checklist_items (
  checklist_id BIGINT NOT NULL REFERENCES supervision_checklists(id),
  position BIGINT NOT NULL,
  category TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (checklist_id, position)
);

CREATE TABLE supervision_rounds (
  id {{pk}},
  team_id BIGINT NOT NULL REFERENCES command_bodies(id),
  team_name TEXT NOT NULL,
  hq_path TEXT NOT NULL,                        -- the team's unit (its HQ)
  org_id BIGINT NOT NULL REFERENCES orgs(id),   -- the unit inspected
  org_path TEXT NOT NULL,
  checklist_id BIGINT REFERENCES supervision_checklists(id),
  checklist_name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,                           -- planned, unannounced
  state TEXT NOT NULL,                          -- planned, done
  planned_for TEXT,                             -- local date of a planned round
  conducted_at BIGINT,
  inspectors TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id),
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX supervision_rounds_path ON supervision_rounds(org_path, conducted_at);
CREATE INDEX supervision_rounds_team ON supervision_rounds(team_id);

-- The checklist as it was answered (texts copied: a changed checklist never alters a past round).
CREATE TABLE supervision_round_items (
  round_id BIGINT NOT NULL REFERENCES supervision_rounds(id),
  position BIGINT NOT NULL,
  category TEXT NOT NULL,
  text TEXT NOT NULL,
  result TEXT NOT NULL,                         -- ok, finding, not_applicable
  note TEXT,
  PRIMARY KEY (round_id, position)
);

CREATE TABLE supervision_findings (
  id {{pk}},
  round_id BIGINT NOT NULL REFERENCES supervision_rounds(id),
  org_path TEXT NOT NULL,
  item_position BIGINT,
  severity TEXT NOT NULL,                       -- minor, major
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX supervision_findings_round ON supervision_findings(round_id);

CREATE TABLE supervision_rectifications (
  id {{pk}},
  finding_id BIGINT NOT NULL REFERENCES supervision_findings(id),
  round_id BIGINT NOT NULL REFERENCES supervision_rounds(id),
  team_id BIGINT NOT NULL REFERENCES command_bodies(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  action TEXT NOT NULL,                         -- what must be put right
  owner_user_id BIGINT REFERENCES users(id),
  owner_name TEXT NOT NULL,
  deadline BIGINT NOT NULL,
  state TEXT NOT NULL,                          -- open, answered, closed
  response TEXT,
  responded_at BIGINT,
  responded_by_name TEXT,
  verified_at BIGINT,
  verified_by_name TEXT,
  verification_note TEXT,
  reopened BIGINT NOT NULL DEFAULT 0,           -- times the team sent it back
  overdue_at BIGINT,                            -- set by the scheduled job
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX supervision_rectifications_path ON supervision_rectifications(org_path, state);
CREATE INDEX supervision_rectifications_due ON supervision_rectifications(state, deadline);

-- Disinfection of public areas (公共区域消毒, src/app/disinfection/): places
-- per unit with their schedule, agent and dose; rounds recorded from a phone
-- (the place's QR code); what a round used leaves the unit's stock through
-- the supplies ledger in the same transaction.

CREATE TABLE disinfection_places (
  id {{pk}},
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('meeting_room', 'elevator', 'corridor', 'canteen', 'business_hall', 'office',
                                     'toilet', 'commuter_bus', 'staff_housing', 'control_room')),
  times_per_day BIGINT NOT NULL CHECK (times_per_day BETWEEN 1 AND 12),  -- or uses per day, after_each_use
  after_each_use BIGINT NOT NULL DEFAULT 0,   -- buses: a round after every run
  agent TEXT NOT NULL,                        -- 含氯消毒液 500 mg/L, 75% 酒精擦拭, …
  dose TEXT NOT NULL DEFAULT '',              -- how: 喷洒 100 mL/m², 擦拭
  agent_item_id BIGINT REFERENCES supply_items(id),
  dose_milli BIGINT CHECK (dose_milli > 0),   -- the agent one round uses, base units × 1000
  warehouse_id BIGINT REFERENCES supply_warehouses(id),  -- where the agent comes from
  qr_token TEXT NOT NULL UNIQUE,
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (org_id, name)
);
CREATE INDEX disinfection_places_path ON disinfection_places(org_path);

CREATE TABLE disinfection_records (
  id {{pk}},
  place_id BIGINT NOT NULL REFERENCES disinfection_places(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  day TEXT NOT NULL,
  done_at BIGINT NOT NULL,
  person_user_id BIGINT REFERENCES users(id),
  person_name TEXT NOT NULL,
  agent TEXT NOT NULL,
  agent_item_id BIGINT REFERENCES supply_items(id),
  quantity_milli BIGINT,
  entered_quantity {{real}},
  entered_unit TEXT,
  movement_id BIGINT REFERENCES supply_movements(id),
  via TEXT NOT NULL CHECK (via IN ('qr', 'pick')),
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX disinfection_records_place ON disinfection_records(place_id, done_at);
CREATE INDEX disinfection_records_day ON disinfection_records(day, org_path);

-- One row per place and day: the rounds the schedule in force required that
-- day (frozen when the day is planned, so a later change of the emergency
-- level does not rewrite history), the rounds done, and the rounds the
-- overdue job has flagged (and notified) so far.
CREATE TABLE disinfection_days (
  place_id BIGINT NOT NULL REFERENCES disinfection_places(id),
  day TEXT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  required BIGINT NOT NULL CHECK (required >= 0),
  done BIGINT NOT NULL DEFAULT 0 CHECK (done >= 0),
  flagged BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (place_id, day)
);
CREATE INDEX disinfection_days_day ON disinfection_days(day, org_path);

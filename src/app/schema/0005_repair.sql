-- Emergency repair (应急抢修): teams, incidents with their isolation plan, and
-- work orders with a strict state machine and a timestamp on every change.
-- Times are epoch milliseconds.

CREATE TABLE teams (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,            -- repair, commando, volunteer
  status TEXT NOT NULL,          -- standby, dispatched, off
  base_address TEXT NOT NULL DEFAULT '',
  base_x {{real}},               -- network coordinates of the base
  base_y {{real}},
  vehicles TEXT NOT NULL DEFAULT '[]',       -- JSON array of plates / descriptions
  leader_user_id BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (org_id, name)
);
CREATE INDEX teams_path ON teams(org_path);

CREATE TABLE team_members (
  id {{pk}},
  team_id BIGINT NOT NULL REFERENCES teams(id),
  name TEXT NOT NULL,
  phone TEXT,                    -- masked in lists
  skills TEXT NOT NULL DEFAULT '[]',         -- JSON array: welding, excavator, valve, electrician, ...
  user_id BIGINT REFERENCES users(id)
);
CREATE INDEX team_members_team ON team_members(team_id);

CREATE TABLE incidents (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  code TEXT NOT NULL,            -- "QX-20200125-003"
  type TEXT NOT NULL,            -- burst, leak, no_water, low_pressure, quality_complaint, equipment_failure, other
  source TEXT NOT NULL,          -- hotline, patrol, staff, sensor
  network_id BIGINT REFERENCES networks(id),
  link TEXT,                     -- failed pipe (given, or snapped from x/y)
  node TEXT,
  x {{real}},
  y {{real}},
  address TEXT NOT NULL DEFAULT '',
  area TEXT NOT NULL DEFAULT 'urban',        -- urban, suburban (on-site clock)
  diameter_mm {{real}},
  description TEXT NOT NULL DEFAULT '',
  priority BIGINT NOT NULL,      -- SLA level 1 (most urgent) .. 3
  priority_raised BIGINT NOT NULL DEFAULT 0, -- raised because a priority customer is affected
  reported_at BIGINT NOT NULL,
  reported_by BIGINT REFERENCES users(id),
  reported_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  closed_at BIGINT,              -- set when its work order closes or is cancelled
  plan TEXT                      -- isolation plan JSON as computed on creation (last: large)
);
CREATE INDEX incidents_path ON incidents(org_path, reported_at);
CREATE INDEX incidents_open ON incidents(closed_at);

-- Priority customers an incident's plan affects (written with the incident).
CREATE TABLE incident_customers (
  incident_id BIGINT NOT NULL REFERENCES incidents(id),
  customer_id BIGINT NOT NULL REFERENCES priority_customers(id),
  impact TEXT NOT NULL,          -- isolated (inside the closed area) or cut_off (downstream of it)
  PRIMARY KEY (incident_id, customer_id)
);
CREATE INDEX incident_customers_customer ON incident_customers(customer_id);

CREATE TABLE work_orders (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  kind TEXT NOT NULL,            -- repair, disconnection
  incident_id BIGINT REFERENCES incidents(id),
  state TEXT NOT NULL,           -- reported dispatched accepted on_site isolated under_pressure repaired
                                 -- restored closed cancelled; deferred (disconnection under the policy)
  team_id BIGINT REFERENCES teams(id),
  priority BIGINT NOT NULL,
  sla TEXT NOT NULL,             -- JSON: the deadlines fixed when the order was made
  account_no TEXT,               -- disconnection: the customer account
  address TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  cancel_reason TEXT,
  follow_up TEXT,                -- JSON: result of the follow-up call (回访)
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX work_orders_path ON work_orders(org_path, state);
CREATE UNIQUE INDEX work_orders_incident ON work_orders(incident_id);

-- Every state change, with who and when (the order's timeline).
CREATE TABLE work_order_events (
  id {{pk}},
  work_order_id BIGINT NOT NULL REFERENCES work_orders(id),
  from_state TEXT,
  to_state TEXT NOT NULL,
  at BIGINT NOT NULL,
  by_user BIGINT REFERENCES users(id),
  by_name TEXT NOT NULL,
  team_id BIGINT REFERENCES teams(id),
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX work_order_events_order ON work_order_events(work_order_id, at);

CREATE TABLE work_order_materials (
  id {{pk}},
  work_order_id BIGINT NOT NULL REFERENCES work_orders(id),
  item TEXT NOT NULL,            -- "DN600 哈夫节"
  quantity {{real}} NOT NULL,
  unit TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  recorded_by BIGINT REFERENCES users(id)
);
CREATE INDEX work_order_materials_order ON work_order_materials(work_order_id);

-- Per-utility SLA clocks; absent row = the defaults in app/repair/sla.h.
CREATE TABLE repair_sla_settings (
  utility_id BIGINT PRIMARY KEY REFERENCES orgs(id),
  settings TEXT NOT NULL,        -- JSON, the shape of repair::SlaSettings
  updated_at BIGINT NOT NULL
);

-- Water quality (水质): sampling points, plans, tasks, result sheets under
-- three-level review, exceedance cases and the compliance roll-up. The
-- indicator catalogue (GB 5749-2022) is compiled into the binary
-- (src/app/quality/catalogue.cpp); rows name indicators by code.

-- Internal control limits (内控标准): a utility's stricter limit for an
-- indicator, for every point type ('') or one.
CREATE TABLE quality_internal_limits (
  id {{pk}},
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  indicator TEXT NOT NULL,
  point_type TEXT NOT NULL DEFAULT '',
  max_value {{real}},
  min_value {{real}},
  note TEXT NOT NULL DEFAULT '',
  updated_by_name TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (utility_id, indicator, point_type)
);

-- Sampling points (采样点): tied to a plant or to a network node.
CREATE TABLE quality_points (
  id {{pk}},
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),  -- responsible unit: the plant, or the quality centre
  org_path TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,            -- raw, process, outlet, network, network_end, secondary, customer
  plant_id BIGINT REFERENCES orgs(id),
  network_id BIGINT REFERENCES networks(id),
  node TEXT,
  customer_id BIGINT REFERENCES priority_customers(id),
  address TEXT NOT NULL DEFAULT '',
  x {{real}},
  y {{real}},
  population BIGINT,             -- people served: the one-point-per-20,000 coverage check
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (utility_id, code)
);
CREATE INDEX quality_points_path ON quality_points(org_path);
CREATE INDEX quality_points_customer ON quality_points(customer_id);
CREATE INDEX quality_points_node ON quality_points(network_id, node);

-- Sampling plans (采样计划) per utility, point type and regime (normal, or
-- raised while the emergency policy raises sampling).
CREATE TABLE quality_plans (
  id {{pk}},
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,        -- the utility's path
  point_type TEXT NOT NULL,
  regime TEXT NOT NULL,          -- always, normal (only outside raised sampling), raised (only during it)
  level TEXT NOT NULL,           -- shift, plant, centre
  name TEXT NOT NULL,
  indicators TEXT NOT NULL,      -- JSON array of indicator codes
  frequency TEXT NOT NULL,       -- hours, daily, weekly, twice_monthly, monthly, half_yearly
  every_hours BIGINT,            -- for 'hours'
  due_hour BIGINT NOT NULL DEFAULT 10,
  min_residual {{real}},         -- a stricter minimum disinfectant residual (mg/L) while the plan is in force
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX quality_plans_utility ON quality_plans(utility_id, active);

-- Per-utility settings: the population served (the coverage check).
CREATE TABLE quality_settings (
  utility_id BIGINT PRIMARY KEY REFERENCES orgs(id),
  population_served BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Which plan set was in force on each local day (the history of the switch).
CREATE TABLE quality_regime_days (
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  day TEXT NOT NULL,
  regime TEXT NOT NULL,          -- normal, raised
  emergency_id BIGINT,
  level TEXT,
  decided_at BIGINT NOT NULL,
  PRIMARY KEY (utility_id, day)
);

-- Sampling tasks (采样任务): generated per day from the plans in force (one
-- per plan, point and slot: task_key), retests after an exceedance, ad hoc.
CREATE TABLE quality_tasks (
  id {{pk}},
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  point_id BIGINT NOT NULL REFERENCES quality_points(id),
  plan_id BIGINT REFERENCES quality_plans(id),
  task_key TEXT NOT NULL UNIQUE,
  day TEXT NOT NULL,
  kind TEXT NOT NULL,            -- routine, raised, retest, adhoc
  level TEXT NOT NULL,
  indicators TEXT NOT NULL,      -- JSON array
  due_at BIGINT NOT NULL,
  state TEXT NOT NULL,           -- open, done, cancelled
  overdue BIGINT NOT NULL DEFAULT 0,
  origin_type TEXT,              -- hotline_call, incident, exceedance, analyser, manual
  origin_id BIGINT,
  origin_note TEXT NOT NULL DEFAULT '',
  exceedance_id BIGINT,
  sample_id BIGINT,
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  done_at BIGINT
);
CREATE INDEX quality_tasks_day ON quality_tasks(utility_id, day, state);
CREATE INDEX quality_tasks_open ON quality_tasks(state, due_at);
CREATE INDEX quality_tasks_point ON quality_tasks(point_id, state);

-- Result sheets (检测报告单): entered, checked (复核) and approved (审核).
CREATE TABLE quality_samples (
  id {{pk}},
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,        -- the point's unit
  lab_org_id BIGINT NOT NULL REFERENCES orgs(id),
  lab_org_path TEXT NOT NULL,    -- the unit that tested it
  point_id BIGINT NOT NULL REFERENCES quality_points(id),
  point_type TEXT NOT NULL,
  plant_id BIGINT,
  task_id BIGINT REFERENCES quality_tasks(id),
  level TEXT NOT NULL,           -- shift, plant, centre
  sampled_at BIGINT NOT NULL,
  day TEXT NOT NULL,
  sampler TEXT NOT NULL,
  source TEXT NOT NULL,          -- manual, csv
  instrument TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,           -- entered, checked, approved, returned
  fails BIGINT NOT NULL DEFAULT 0,
  warnings BIGINT NOT NULL DEFAULT 0,
  entered_by BIGINT,
  entered_by_name TEXT NOT NULL,
  entered_at BIGINT NOT NULL,
  checked_by BIGINT,
  checked_by_name TEXT,
  checked_at BIGINT,
  approved_by BIGINT,
  approved_by_name TEXT,
  approved_at BIGINT,
  returned_by_name TEXT,
  returned_at BIGINT,
  return_reason TEXT,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX quality_samples_day ON quality_samples(utility_id, day);
CREATE INDEX quality_samples_point ON quality_samples(point_id, sampled_at);
CREATE INDEX quality_samples_state ON quality_samples(utility_id, state);

CREATE TABLE quality_results (
  id {{pk}},
  sample_id BIGINT NOT NULL REFERENCES quality_samples(id),
  indicator TEXT NOT NULL,
  qualifier TEXT NOT NULL,       -- value, below_dl, not_detected, text
  value {{real}},
  detection_limit {{real}},
  text TEXT,
  unit TEXT NOT NULL,
  method TEXT NOT NULL DEFAULT '',
  judgement TEXT NOT NULL,       -- pass, fail, warning
  limit_text TEXT NOT NULL DEFAULT '',
  UNIQUE (sample_id, indicator)
);

-- Approved results per day, unit, point type, plant and indicator (indicator
-- '' counts sheets): written with the approval (atomic upserts), so the
-- compliance statistics never scan result rows.
CREATE TABLE quality_daily_stats (
  utility_id BIGINT NOT NULL,
  org_path TEXT NOT NULL,
  day TEXT NOT NULL,
  point_type TEXT NOT NULL,
  plant_id BIGINT NOT NULL,      -- 0: not a plant point
  indicator TEXT NOT NULL,
  tests BIGINT NOT NULL,
  passes BIGINT NOT NULL,
  PRIMARY KEY (utility_id, day, org_path, point_type, plant_id, indicator)
);
CREATE INDEX quality_daily_stats_day ON quality_daily_stats(day);

-- On-line analyser readings (在线仪表): trends and alarms, not compliance.
CREATE TABLE quality_readings (
  id {{pk}},
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  point_id BIGINT NOT NULL REFERENCES quality_points(id),
  indicator TEXT NOT NULL,
  measured_at BIGINT NOT NULL,
  value {{real}} NOT NULL,
  judgement TEXT NOT NULL,
  instrument TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (point_id, indicator, measured_at)
);

-- Exceedance cases (超标处置): one per approved sheet with a fail (a fail at
-- a point with an open case joins it), closed after three consecutive passes
-- and a written cause and action.
CREATE TABLE quality_exceedances (
  id {{pk}},
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  point_id BIGINT NOT NULL REFERENCES quality_points(id),
  sample_id BIGINT NOT NULL UNIQUE REFERENCES quality_samples(id),
  opened_at BIGINT NOT NULL,
  indicators TEXT NOT NULL,      -- JSON: [{indicator, value, limit}]
  state TEXT NOT NULL,           -- open, closed
  consecutive_passes BIGINT NOT NULL DEFAULT 0,
  passes_needed BIGINT NOT NULL DEFAULT 3,
  cause TEXT,
  action TEXT,
  cause_by_name TEXT,
  cause_at BIGINT,
  customer_id BIGINT,
  incident_id BIGINT,
  closed_at BIGINT,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX quality_exceedances_open ON quality_exceedances(utility_id, state);
CREATE INDEX quality_exceedances_point ON quality_exceedances(point_id, state);
-- At most one open case per point: a second fail joins it.
CREATE UNIQUE INDEX quality_exceedances_one_open ON quality_exceedances(point_id) WHERE state = 'open';

-- Supply assurance (供水保障): the priority-customer register (重点用户), the
-- network nodes that serve each, special-care plans and patrol records.
-- The register is the source of the network's priority-customer layer: every
-- change rewrites networks.customers_csv of the customer's network (one
-- entry per served node), so isolation plans name registered customers.
-- Org paths are copied onto rows (units never move) for subtree scoping.

CREATE TABLE priority_customers (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),      -- the utility (or unit) that serves it
  org_path TEXT NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL,        -- designated_hospital, fever_clinic, hospital, cdc, quarantine_site, telecom,
                                 -- broadcasting, emergency_command, prevention_factory, logistics, other
  tier BIGINT NOT NULL,          -- 1 (highest) .. 3
  address TEXT NOT NULL DEFAULT '',
  contact_name TEXT,
  contact_phone TEXT,            -- full; masked in every list
  network_id BIGINT REFERENCES networks(id),
  nodes TEXT NOT NULL DEFAULT '[]',          -- JSON array of node ids in that network
  min_pressure_m {{real}},       -- required minimum service pressure
  demand_m3h {{real}},           -- typical demand
  notes TEXT NOT NULL DEFAULT '',            -- "双水源于2020-02-03建成"
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX priority_customers_path ON priority_customers(org_path);
CREATE INDEX priority_customers_network ON priority_customers(network_id);

-- Where a customer is served: one row per (customer, node), kept in step with
-- priority_customers.nodes, for the lookups from an isolation plan.
CREATE TABLE priority_customer_nodes (
  customer_id BIGINT NOT NULL REFERENCES priority_customers(id),
  network_id BIGINT NOT NULL REFERENCES networks(id),
  node TEXT NOT NULL,
  PRIMARY KEY (customer_id, node)
);
CREATE INDEX priority_customer_nodes_node ON priority_customer_nodes(network_id, node);

-- The special-care plan (特护方案), one per customer.
CREATE TABLE care_plans (
  customer_id BIGINT PRIMARY KEY REFERENCES priority_customers(id),
  patrols_per_day BIGINT NOT NULL,           -- 0: no routine patrol
  pressure_check BIGINT NOT NULL DEFAULT 0,  -- measure pressure on each patrol
  contact_on_call TEXT,                      -- person on call for this customer
  measures TEXT NOT NULL DEFAULT '',         -- free text: standby crew, valve watch, ...
  updated_at BIGINT NOT NULL,
  updated_by BIGINT REFERENCES users(id)
);

-- Patrols and inspections done (巡查记录).
CREATE TABLE patrols (
  id {{pk}},
  customer_id BIGINT NOT NULL REFERENCES priority_customers(id),
  org_path TEXT NOT NULL,
  done_at BIGINT NOT NULL,
  done_by BIGINT REFERENCES users(id),
  done_by_name TEXT NOT NULL,
  ok BIGINT NOT NULL,                        -- 0: a problem was found
  pressure_m {{real}},
  findings TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX patrols_customer ON patrols(customer_id, done_at);

-- Photos with captions, for patrols, incidents and work orders; read through
-- GET /api/v1/photos/{id}, scoped by the org path of what they belong to.
CREATE TABLE photos (
  id {{pk}},
  owner_kind TEXT NOT NULL,      -- patrol, incident, work_order
  owner_id BIGINT NOT NULL,
  org_path TEXT NOT NULL,
  caption TEXT NOT NULL DEFAULT '',
  mime TEXT NOT NULL,            -- image/jpeg, image/png, image/webp
  created_at BIGINT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  data TEXT NOT NULL             -- base64 (last: large)
);
CREATE INDEX photos_owner ON photos(owner_kind, owner_id);

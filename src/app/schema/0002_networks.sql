-- Water networks of a utility: versioned EPANET models, the isolation-valve
-- layer of each version and the priority customers mapped to nodes.
-- Files are stored as their canonical text; the engines rebuild from it.
-- Large texts are the last column of their row: SQLite reads the columns
-- before an overflowing value without walking its overflow pages.

CREATE TABLE networks (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  name TEXT NOT NULL,
  current_version BIGINT NOT NULL DEFAULT 0,
  -- Bumped on every change of the valve layer / customers: part of the model cache key.
  valves_revision BIGINT NOT NULL DEFAULT 0,
  customers_revision BIGINT NOT NULL DEFAULT 0,
  customers_count BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  -- node,name,category CSV (net::write_priority_customers); node ids survive new versions.
  customers_csv TEXT NOT NULL DEFAULT '',
  UNIQUE (org_id, name)
);
CREATE INDEX networks_org ON networks(org_id);

CREATE TABLE network_versions (
  id {{pk}},
  network_id BIGINT NOT NULL REFERENCES networks(id),
  version BIGINT NOT NULL,
  file_name TEXT NOT NULL,
  junctions BIGINT NOT NULL,
  reservoirs BIGINT NOT NULL,
  tanks BIGINT NOT NULL,
  pipes BIGINT NOT NULL,
  pumps BIGINT NOT NULL,
  valves BIGINT NOT NULL,
  length_m {{real}} NOT NULL,
  flow_units TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL,
  uploaded_by BIGINT REFERENCES users(id),
  uploaded_by_name TEXT NOT NULL,
  inp TEXT NOT NULL,
  UNIQUE (network_id, version)
);

-- At most one layer per network version; replaced as a whole, patched per valve.
CREATE TABLE network_valve_layers (
  network_version_id BIGINT PRIMARY KEY REFERENCES network_versions(id),
  source TEXT NOT NULL,             -- csv | geojson | generated | city
  strategy TEXT,                    -- generated: n1 | n2 | random
  seed BIGINT,
  valve_count BIGINT NOT NULL,
  inoperable BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  csv TEXT NOT NULL                 -- valve,link,node,operable (net::write_valve_csv)
);

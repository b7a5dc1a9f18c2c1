-- Prevention supplies (防疫物资, src/app/supplies/): items with their units,
-- warehouses per unit, lots with expiry dates, the append-only movement
-- ledger and the stock it keeps, requests (申领) and support given to other
-- organisations (对外支援). Quantities are whole thousandths of the item's
-- base unit (`*_milli`), so sums and the never-negative rule are exact.

CREATE TABLE supply_items (
  id {{pk}},
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,              -- the utility's path: items are a utility's catalogue
  code TEXT NOT NULL,                  -- the number on the box (barcode); scanned at entry
  name TEXT NOT NULL,
  category TEXT NOT NULL,              -- mask_n95, mask_surgical, …, alcohol, hypochlorite, other
  spec TEXT NOT NULL DEFAULT '',
  concentration {{real}},              -- % for solutions (次氯酸钠 10, 酒精 75)
  base_unit TEXT NOT NULL,             -- stock is kept in it: 只, kg, L, 套, 支
  per_person_day {{real}},             -- forecast rule: base units one person needs per day on duty
  large_issue_milli BIGINT,            -- a request line above this needs a second approval
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (utility_id, code),
  UNIQUE (utility_id, name)
);

-- Packaging units of an item: one 盒 holds 50 只, one 桶 25 kg. Metric units
-- of the base unit's kind (t, g; mL) convert without a row here.
CREATE TABLE supply_item_units (
  item_id BIGINT NOT NULL REFERENCES supply_items(id),
  unit TEXT NOT NULL,
  factor {{real}} NOT NULL CHECK (factor > 0),  -- base units in one of this unit
  PRIMARY KEY (item_id, unit)
);

CREATE TABLE supply_warehouses (
  id {{pk}},
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  keeper TEXT NOT NULL DEFAULT '',
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  UNIQUE (utility_id, code),
  UNIQUE (utility_id, name)
);
CREATE INDEX supply_warehouses_path ON supply_warehouses(org_path);

-- Reorder point and safety stock of an item in one warehouse.
CREATE TABLE supply_levels (
  warehouse_id BIGINT NOT NULL REFERENCES supply_warehouses(id),
  item_id BIGINT NOT NULL REFERENCES supply_items(id),
  reorder_milli BIGINT NOT NULL DEFAULT 0 CHECK (reorder_milli >= 0),
  safety_milli BIGINT NOT NULL DEFAULT 0 CHECK (safety_milli >= 0),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (warehouse_id, item_id)
);

CREATE TABLE supply_lots (
  id {{pk}},
  item_id BIGINT NOT NULL REFERENCES supply_items(id),
  lot_no TEXT NOT NULL,                -- '' for stock received without a lot number
  expires_on TEXT,                     -- YYYY-MM-DD; never changes once the lot exists
  created_at BIGINT NOT NULL,
  UNIQUE (item_id, lot_no)
);

-- On hand per warehouse and lot: written only by the ledger, in the
-- transaction of the movement, under a row lock; the CHECK is the last word.
CREATE TABLE supply_stock (
  warehouse_id BIGINT NOT NULL REFERENCES supply_warehouses(id),
  lot_id BIGINT NOT NULL REFERENCES supply_lots(id),
  item_id BIGINT NOT NULL REFERENCES supply_items(id),
  org_path TEXT NOT NULL,              -- the warehouse's unit
  expires_on TEXT,                     -- the lot's, for FEFO without a join
  on_hand_milli BIGINT NOT NULL CHECK (on_hand_milli >= 0),
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (warehouse_id, lot_id)
);
CREATE INDEX supply_stock_item ON supply_stock(warehouse_id, item_id);
CREATE INDEX supply_stock_path ON supply_stock(org_path);

-- The ledger: never updated, never deleted. A mistake is reversed by a new
-- movement naming it (reverses_id, unique: reversed once).
CREATE TABLE supply_movements (
  id {{pk}},
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,              -- the warehouse's unit
  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'issue', 'transfer', 'return', 'adjust', 'scrap', 'support')),
  source TEXT,                         -- receipt: purchase, donation, transfer_in, production; scrap: expired, damaged
  warehouse_id BIGINT NOT NULL REFERENCES supply_warehouses(id),
  to_warehouse_id BIGINT REFERENCES supply_warehouses(id),
  item_id BIGINT NOT NULL REFERENCES supply_items(id),
  lot_id BIGINT REFERENCES supply_lots(id),  -- the lot received, chosen or counted
  quantity_milli BIGINT NOT NULL CHECK (quantity_milli >= 0),
  entered_quantity {{real}},           -- as typed, with its unit
  entered_unit TEXT NOT NULL,
  counted_milli BIGINT,                -- adjust: what the count found
  difference_milli BIGINT,             -- adjust: counted − on hand before
  to_org_id BIGINT REFERENCES orgs(id),
  to_name TEXT NOT NULL DEFAULT '',    -- issue: a team or a person
  purpose TEXT NOT NULL DEFAULT '',
  supplier TEXT NOT NULL DEFAULT '',
  reference TEXT NOT NULL DEFAULT '',  -- the paper's number (入库单、出库单)
  request_id BIGINT,                   -- the request (申领) it fulfils
  reverses_id BIGINT UNIQUE REFERENCES supply_movements(id),
  day TEXT NOT NULL,                   -- local date of occurred_at
  occurred_at BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES users(id),
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX supply_movements_path_day ON supply_movements(org_path, day);
CREATE INDEX supply_movements_warehouse ON supply_movements(warehouse_id, item_id, day);

-- What a movement did to each warehouse and lot (a transfer has two sides, a
-- FEFO issue one line per lot). `used_milli` is consumption: issues and
-- support out, returns back (negative), reversals undo theirs.
CREATE TABLE supply_movement_lines (
  id {{pk}},
  movement_id BIGINT NOT NULL REFERENCES supply_movements(id),
  warehouse_id BIGINT NOT NULL REFERENCES supply_warehouses(id),
  lot_id BIGINT NOT NULL REFERENCES supply_lots(id),
  item_id BIGINT NOT NULL REFERENCES supply_items(id),
  org_path TEXT NOT NULL,
  day TEXT NOT NULL,
  delta_milli BIGINT NOT NULL,
  used_milli BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX supply_lines_movement ON supply_movement_lines(movement_id);
CREATE INDEX supply_lines_use ON supply_movement_lines(day, org_path, warehouse_id, item_id, used_milli);

-- Requests (申领): a unit asks, the storekeeper or the unit head approves
-- (fully or partly; a large line needs a second approver), the issue
-- follows, the requester confirms receipt.
CREATE TABLE supply_requests (
  id {{pk}},
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  org_id BIGINT NOT NULL REFERENCES orgs(id),       -- the requesting unit
  org_path TEXT NOT NULL,
  warehouse_id BIGINT NOT NULL REFERENCES supply_warehouses(id),
  state TEXT NOT NULL CHECK (state IN ('submitted', 'second_approval', 'approved', 'issued', 'received',
                                       'rejected', 'cancelled')),
  purpose TEXT NOT NULL,
  needed_by TEXT,
  requested_by BIGINT REFERENCES users(id),
  requested_by_name TEXT NOT NULL,
  requested_at BIGINT NOT NULL,
  approved_by BIGINT REFERENCES users(id),
  approved_by_name TEXT,
  approved_at BIGINT,
  approval_note TEXT,
  second_by BIGINT REFERENCES users(id),
  second_by_name TEXT,
  second_at BIGINT,
  issued_by_name TEXT,
  issued_at BIGINT,
  received_by_name TEXT,
  received_at BIGINT,
  closed_reason TEXT,                  -- rejected or cancelled: why
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX supply_requests_path ON supply_requests(org_path, state);
CREATE INDEX supply_requests_warehouse ON supply_requests(warehouse_id, state);

CREATE TABLE supply_request_lines (
  id {{pk}},
  request_id BIGINT NOT NULL REFERENCES supply_requests(id),
  item_id BIGINT NOT NULL REFERENCES supply_items(id),
  requested_milli BIGINT NOT NULL CHECK (requested_milli > 0),
  entered_quantity {{real}} NOT NULL,
  entered_unit TEXT NOT NULL,
  approved_milli BIGINT CHECK (approved_milli >= 0 AND approved_milli <= requested_milli),
  movement_id BIGINT REFERENCES supply_movements(id),
  UNIQUE (request_id, item_id)
);

-- Support to other organisations (对外支援): a support movement with the
-- recipient, the delivery and its photos (photos owner 'supply_support').
CREATE TABLE supply_support (
  id {{pk}},
  movement_id BIGINT NOT NULL UNIQUE REFERENCES supply_movements(id),
  utility_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  item_id BIGINT NOT NULL REFERENCES supply_items(id),
  quantity_milli BIGINT NOT NULL CHECK (quantity_milli > 0),
  day TEXT NOT NULL,
  recipient_name TEXT NOT NULL,
  recipient_type TEXT NOT NULL CHECK (recipient_type IN ('hospital', 'community', 'government', 'company',
                                                         'school', 'other')),
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  concentration {{real}},
  delivered_by TEXT NOT NULL DEFAULT '',
  delivered_at BIGINT NOT NULL,
  vehicle TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX supply_support_path_day ON supply_support(org_path, day);

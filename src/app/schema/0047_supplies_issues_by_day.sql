-- The daily summary's count of a period's issues (supplies/summary.cpp) reads
-- the ledger by kind and day. Without it SQLite walked all of a year's
-- movements down the UNIQUE index on reverses_id (~350 ms for 1,000,000
-- movements); through this one it reads only the period's issues (2 ms).
-- PostgreSQL takes it for the association, whose path prefix matches every
-- row of (org_path, day).
CREATE INDEX supply_movements_kind_day ON supply_movements(kind, day);

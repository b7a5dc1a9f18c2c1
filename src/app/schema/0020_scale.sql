-- Scale-out (issue 14, docs/concurrency.md): write transactions run
-- concurrently on PostgreSQL, so invariants that a global write lock used to
-- keep are now kept by the database itself.

-- Per-day numbering ("QX-20200125-003", "RX-20200125-0042"): one row per
-- (kind, utility, day); INSERT ... ON CONFLICT DO UPDATE ... RETURNING hands
-- out the next number, and the row lock makes two creators take two numbers.
CREATE TABLE code_sequences (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);

-- The census counts per unit and day, kept in the same transaction as each
-- check-in (src/app/health/checkin_counts.h). Spread over 8 shards per unit
-- and day (staff_id % 8) so concurrent check-ins of one unit rarely wait for
-- each other's row lock; the census sums the shards.
CREATE TABLE checkin_counts (
  day TEXT NOT NULL,
  org_path TEXT NOT NULL,
  shard BIGINT NOT NULL,
  checked_in BIGINT NOT NULL DEFAULT 0,
  late BIGINT NOT NULL DEFAULT 0,
  abnormal BIGINT NOT NULL DEFAULT 0,
  fever BIGINT NOT NULL DEFAULT 0,
  symptoms BIGINT NOT NULL DEFAULT 0,
  contact BIGINT NOT NULL DEFAULT 0,
  away BIGINT NOT NULL DEFAULT 0,
  not_returned BIGINT NOT NULL DEFAULT 0,
  from_risk_areas BIGINT NOT NULL DEFAULT 0,
  on_duty BIGINT NOT NULL DEFAULT 0,
  isolated BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (day, org_path, shard)
);
INSERT INTO checkin_counts (day, org_path, shard, checked_in, late, abnormal, fever, symptoms, contact, away,
                            not_returned, from_risk_areas, on_duty, isolated)
SELECT day, org_path, staff_id % 8, COUNT(*), SUM(late), SUM(abnormal), SUM(fever), SUM(has_symptoms),
       SUM(CASE WHEN contact <> 'none' THEN 1 ELSE 0 END),
       SUM(CASE WHEN location = 'away' THEN 1 ELSE 0 END),
       SUM(CASE WHEN location = 'not_returned' THEN 1 ELSE 0 END),
       SUM(risk_travel),
       SUM(CASE WHEN work_status = 'on_duty' THEN 1 ELSE 0 END),
       SUM(CASE WHEN work_status = 'isolated' THEN 1 ELSE 0 END)
FROM checkins GROUP BY day, org_path, staff_id % 8;

-- The census reads checkin_counts now; the check-in list and the summary
-- still find a day's rows of a subtree. A narrower index is a lighter write.
DROP INDEX checkins_census;
CREATE INDEX checkins_day ON checkins(day, org_path);

-- At most one active check-in link per person (issue, reissue and "issue
-- to everyone missing" may race). Older duplicates, if any, are revoked.
UPDATE checkin_links SET revoked_at = created_at
WHERE revoked_at IS NULL AND id < (SELECT MAX(l.id) FROM checkin_links l
                                   WHERE l.staff_id = checkin_links.staff_id AND l.revoked_at IS NULL);
CREATE UNIQUE INDEX checkin_links_active ON checkin_links(staff_id) WHERE revoked_at IS NULL;

-- One active priority customer of a name per unit (the register's rule).
UPDATE priority_customers SET name = name || ' (' || CAST(id AS TEXT) || ')'
WHERE active = 1 AND id > (SELECT MIN(p.id) FROM priority_customers p
                           WHERE p.org_id = priority_customers.org_id AND p.name = priority_customers.name
                             AND p.active = 1);
CREATE UNIQUE INDEX priority_customers_active_name ON priority_customers(org_id, name) WHERE active = 1;

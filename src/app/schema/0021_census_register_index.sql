-- The census counts the register per unit and day (headcount from joined_on
-- and left_on). On 100,000 staff the rows themselves are wide (names, phone
-- and ID numbers): reading them for an association's census took seconds of
-- random I/O. This index holds every column that count reads, so the
-- register side of the census is read from the index alone, like the
-- check-in side from checkin_counts (docs/health-scale.md).
CREATE INDEX IF NOT EXISTS staff_census ON staff(org_path, active, joined_on, left_on);

-- Fitness for duty (health/fitness.cpp) reads the check-ins that make a
-- person unfit — abnormal, or away from town — for a subtree and a period:
-- about 1 % of all check-ins. A partial index holds only those, so the duty
-- board's problems read them instead of every check-in of the period (the
-- query repeats this WHERE term word for word, which both databases need to
-- use the index).
CREATE INDEX checkins_unfit ON checkins(day, org_path) WHERE abnormal = 1 OR location <> 'in_town';

-- Fixed-time reports (定时报告): templates kept by a group's HQ, versioned
-- (a new version applies to deadlines after it takes effect, so a change
-- never alters past submissions), and one submission per unit, template and
-- deadline, with every version a unit sent before HQ reviewed it.

CREATE TABLE report_templates (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),   -- the HQ's unit that owns it
  org_path TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  current_version BIGINT NOT NULL DEFAULT 1,
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (org_id, code)
);
CREATE INDEX report_templates_path ON report_templates(org_path);

CREATE TABLE report_template_versions (
  template_id BIGINT NOT NULL REFERENCES report_templates(id),
  version BIGINT NOT NULL,
  name TEXT NOT NULL,
  fields TEXT NOT NULL,                 -- JSON: [{key, label, type, unit, required, options, columns, summary}]
  required_kinds TEXT NOT NULL,         -- JSON array of unit kinds
  required_units TEXT NOT NULL,         -- JSON array of org ids
  deadlines TEXT NOT NULL,              -- JSON array of "HH:MM", local
  days BIGINT NOT NULL,                 -- bit 0 Monday … bit 6 Sunday
  remind_minutes BIGINT NOT NULL,       -- reminder this long before a deadline
  escalate_minutes BIGINT NOT NULL,     -- escalation this long after a missed one
  effective_from BIGINT NOT NULL,       -- applies to deadlines from this instant
  created_at BIGINT NOT NULL,
  created_by_name TEXT NOT NULL,
  PRIMARY KEY (template_id, version)
);

CREATE TABLE report_submissions (
  id {{pk}},
  template_id BIGINT NOT NULL REFERENCES report_templates(id),
  template_version BIGINT NOT NULL,
  org_id BIGINT NOT NULL REFERENCES orgs(id),   -- the reporting unit
  org_path TEXT NOT NULL,
  deadline_at BIGINT NOT NULL,
  day TEXT NOT NULL,                    -- the deadline's local date
  state TEXT NOT NULL,                  -- submitted, acknowledged, returned
  version BIGINT NOT NULL,              -- the latest version sent
  first_submitted_at BIGINT NOT NULL,
  submitted_at BIGINT NOT NULL,
  late BIGINT NOT NULL,                 -- the first version came after the deadline
  reviewed_at BIGINT,
  reviewed_by_name TEXT,
  review_comment TEXT,
  UNIQUE (template_id, org_id, deadline_at)
);
CREATE INDEX report_submissions_day ON report_submissions(day, org_path);

CREATE TABLE report_submission_versions (
  submission_id BIGINT NOT NULL REFERENCES report_submissions(id),
  version BIGINT NOT NULL,
  field_values TEXT NOT NULL,           -- JSON object, as validated against the template version
  submitted_at BIGINT NOT NULL,
  submitted_by BIGINT REFERENCES users(id),
  submitted_by_name TEXT NOT NULL,
  PRIMARY KEY (submission_id, version)
);

-- Customer hotline (客服热线): every call logged and tracked to closure.
-- The caller's number is kept for the call-back and shown masked; its hash
-- counts repeat callers without reading numbers.

CREATE TABLE hotline_calls (
  id {{pk}},
  org_id BIGINT NOT NULL REFERENCES orgs(id),
  org_path TEXT NOT NULL,
  utility_id BIGINT NOT NULL REFERENCES orgs(id),  -- codes are numbered per utility and local day
  day TEXT NOT NULL,             -- local business date of received_at, for codes and per-day statistics
  seq BIGINT NOT NULL,           -- the call's number within (utility, day)
  code TEXT NOT NULL,            -- "RX-20200125-0042"
  received_at BIGINT NOT NULL,
  caller_phone TEXT NOT NULL,    -- normalised digits ("13812345678", "073184861234")
  caller_hash TEXT NOT NULL,     -- sha256 of the normalised number: repeat callers
  category TEXT NOT NULL,        -- no_water, low_pressure, burst_leak, quality, billing, epidemic_policy, other
  address TEXT NOT NULL DEFAULT '',
  x {{real}},
  y {{real}},
  summary TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,           -- open, handled, transferred, closed
  incident_id BIGINT REFERENCES incidents(id),
  taken_by BIGINT REFERENCES users(id),
  taken_by_name TEXT NOT NULL,
  responded_at BIGINT,           -- first handling (handled / transferred / linked to an incident)
  closed_at BIGINT,
  transferred_to TEXT,
  resolution TEXT NOT NULL DEFAULT '',
  satisfaction BIGINT,           -- follow-up (回访): 1..5
  follow_up_note TEXT,
  followed_up_at BIGINT,
  created_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (utility_id, day, seq)
);
CREATE INDEX hotline_calls_path_day ON hotline_calls(org_path, day);
CREATE INDEX hotline_calls_day ON hotline_calls(day, org_path);
CREATE INDEX hotline_calls_incident ON hotline_calls(incident_id);
CREATE INDEX hotline_calls_caller ON hotline_calls(caller_hash, received_at);

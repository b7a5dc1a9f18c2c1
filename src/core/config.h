// The one typed configuration of the server and CLI. Sources, later ones
// winning: built-in defaults, a JSON file (--config), LIFELINE_* environment
// variables, command-line flags. validate() names every bad setting.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/result.h"

namespace lifeline {

struct Config {
  std::string db = "var/lifeline.db";       // SQLite path or postgres:// URL
  std::string host = "127.0.0.1";
  int port = 8080;
  int io_threads = 1;
  int worker_threads = 16;
  int db_pool_size = 16;
  int64_t max_body_bytes = 1 << 20;
  std::string web_root = "web/dist";
  std::string log_level = "info";
  std::string time_zone = "Asia/Shanghai";  // business dates of the utility
  int session_idle_minutes = 480;           // a shift plus handover
  int session_max_hours = 72;
  int login_max_failures = 5;               // free failures per (address, username) within the window
  int login_window_minutes = 15;
  int login_delay_seconds = 2;              // then a delay that doubles per failure, up to the window
  // Request bodies held in memory at once, all connections together (503 beyond).
  int64_t body_budget_bytes = 256LL << 20;
  // Heavy synchronous analyses (isolation plans with hydraulics, criticality,
  // dual supply) run on their own pool, never on the request workers.
  int analysis_pool_threads = 2;
  int analysis_pool_queue = 16;             // waiting beyond this: 503
  // Long analyses (all-bursts): jobs running at once, jobs waiting, and the
  // threads one job uses (0: half the cores).
  int analysis_jobs = 1;
  int analysis_job_queue = 8;
  int analysis_job_threads = 0;
  // Live-feed (SSE) streams: per login session or API token, per user, in all.
  int sse_per_session = 5;
  int sse_per_user = 20;
  int sse_max_streams = 1000;
  // A second person's approval of a health-records grant or takeover expires after this.
  int approval_hours = 72;
  bool cookie_secure = false;               // set true behind TLS
  // Argon2id cost: "interactive" (libsodium's 64 MiB / 2 passes) or "min" (tests only).
  std::string password_cost = "interactive";
  // The address people open (https://lifeline.example.org, optionally with a
  // path prefix). Absolute links (check-in QR codes) are built from it and a
  // browser's Origin must match it. Empty: links use http://host:port, and the
  // Origin must match the Host header with https when cookie_secure is set.
  std::string public_base_url;
  // GET /metrics on the main port answers only "Authorization: Bearer
  // <metrics_token>" (no token: not served there). metrics_port (0: none)
  // serves them on a listener of its own at metrics_host, for Prometheus on
  // an internal network; that listener too wants the token when one is set.
  std::string metrics_token;
  int metrics_port = 0;
  std::string metrics_host = "127.0.0.1";
  // 32 bytes as 64 hex digits (`openssl rand -hex 32`): encrypts robot signing
  // secrets at rest (docs/notify.md). Empty: robots cannot be given a secret.
  std::string notify_key;
  // Robot URLs may resolve to loopback, private or link-local addresses
  // (intranet gateways, tests); off by default against SSRF.
  bool notify_allow_private = false;

  Status validate() const;
};

// Reads a JSON file of the fields above ("db", "port", ...); unknown keys are errors.
Status apply_config_file(Config& config, const std::string& path);
// Reads LIFELINE_DB, LIFELINE_PORT, ... from `env`.
Status apply_environment(Config& config, const std::map<std::string, std::string>& env);
std::map<std::string, std::string> process_environment();

}  // namespace lifeline

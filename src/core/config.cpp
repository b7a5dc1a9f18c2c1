#include "core/config.h"
#include "core/json_input.h"
#include "core/local_time.h"
#include "core/url.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

extern char** environ;

namespace lifeline {

namespace {

// One row per setting: its name in files and (upper-cased, LIFELINE_ prefixed) in the environment.
struct Setting {
  const char* name;
  std::function<Status(Config&, const std::string& text, const std::string& where)> set;
};

Status parse_int(const std::string& text, const std::string& where, int64_t& out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || p != text.data() + text.size()) return Error::invalid(where, "must be an integer");
  return {};
}

template <typename T>
Setting integer(const char* name, T Config::*member) {
  return {name, [member](Config& c, const std::string& text, const std::string& where) -> Status {
            int64_t v = 0;
            LL_CHECK(parse_int(text, where, v));
            c.*member = static_cast<T>(v);
            return {};
          }};
}

Setting string(const char* name, std::string Config::*member) {
  return {name, [member](Config& c, const std::string& text, const std::string&) -> Status {
            c.*member = text;
            return {};
          }};
}

Setting boolean(const char* name, bool Config::*member) {
  return {name, [member](Config& c, const std::string& text, const std::string& where) -> Status {
            if (text == "true" || text == "1") c.*member = true;
            else if (text == "false" || text == "0") c.*member = false;
            else return Error::invalid(where, "must be true or false");
            return {};
          }};
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> all = {
      string("db", &Config::db),
      string("host", &Config::host),
      integer("port", &Config::port),
      integer("io_threads", &Config::io_threads),
      integer("worker_threads", &Config::worker_threads),
      integer("db_pool_size", &Config::db_pool_size),
      integer("max_body_bytes", &Config::max_body_bytes),
      string("web_root", &Config::web_root),
      string("log_level", &Config::log_level),
      string("time_zone", &Config::time_zone),
      integer("session_idle_minutes", &Config::session_idle_minutes),
      integer("session_max_hours", &Config::session_max_hours),
      integer("login_max_failures", &Config::login_max_failures),
      integer("login_window_minutes", &Config::login_window_minutes),
      integer("login_delay_seconds", &Config::login_delay_seconds),
      integer("body_budget_bytes", &Config::body_budget_bytes),
      integer("analysis_pool_threads", &Config::analysis_pool_threads),
      integer("analysis_pool_queue", &Config::analysis_pool_queue),
      integer("analysis_jobs", &Config::analysis_jobs),
      integer("analysis_job_queue", &Config::analysis_job_queue),
      integer("analysis_job_threads", &Config::analysis_job_threads),
      integer("sse_per_session", &Config::sse_per_session),
      integer("sse_per_user", &Config::sse_per_user),
      integer("sse_max_streams", &Config::sse_max_streams),
      integer("approval_hours", &Config::approval_hours),
      boolean("cookie_secure", &Config::cookie_secure),
      string("password_cost", &Config::password_cost),
      string("public_base_url", &Config::public_base_url),
      string("notify_key", &Config::notify_key),
      boolean("notify_allow_private", &Config::notify_allow_private),
      string("metrics_token", &Config::metrics_token),
      integer("metrics_port", &Config::metrics_port),
      string("metrics_host", &Config::metrics_host),
  };
  return all;
}

// RFC 6750 b64token: what a Bearer header can carry.
constexpr const char* kTokenCharacters =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=";

std::string env_name(const char* name) {
  std::string s = "LIFELINE_";
  for (const char* p = name; *p; ++p) s += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
  return s;
}

}  // namespace

Status Config::validate() const {
  std::vector<FieldError> errors;
  auto check = [&](bool ok, const char* field, const char* message) {
    if (!ok) errors.push_back({field, message});
  };
  check(!db.empty(), "db", "must name a SQLite file or a postgres:// URL");
  check(port >= 0 && port <= 65535, "port", "must be between 0 and 65535");
  check(io_threads >= 1 && io_threads <= 64, "io_threads", "must be between 1 and 64");
  check(worker_threads >= 1 && worker_threads <= 256, "worker_threads", "must be between 1 and 256");
  check(db_pool_size >= 1 && db_pool_size <= 256, "db_pool_size", "must be between 1 and 256");
  check(max_body_bytes >= 1024 && max_body_bytes <= (64LL << 20), "max_body_bytes",
        "must be between 1024 and 67108864");
  check(log_level == "trace" || log_level == "debug" || log_level == "info" || log_level == "warn" ||
            log_level == "error" || log_level == "off",
        "log_level", "must be one of trace, debug, info, warn, error, off");
  check(session_idle_minutes >= 1, "session_idle_minutes", "must be at least 1");
  check(session_max_hours >= 1, "session_max_hours", "must be at least 1");
  check(login_max_failures >= 1, "login_max_failures", "must be at least 1");
  check(login_window_minutes >= 1, "login_window_minutes", "must be at least 1");
  check(login_delay_seconds >= 1, "login_delay_seconds", "must be at least 1");
  check(body_budget_bytes >= (64LL << 20) && body_budget_bytes <= (64LL << 30), "body_budget_bytes",
        "must be between 67108864 (one upload) and 68719476736");
  check(analysis_pool_threads >= 1 && analysis_pool_threads <= 64, "analysis_pool_threads",
        "must be between 1 and 64");
  check(analysis_pool_queue >= 0 && analysis_pool_queue <= 10000, "analysis_pool_queue",
        "must be between 0 and 10000");
  check(analysis_jobs >= 1 && analysis_jobs <= 64, "analysis_jobs", "must be between 1 and 64");
  check(analysis_job_queue >= 0 && analysis_job_queue <= 1000, "analysis_job_queue", "must be between 0 and 1000");
  check(analysis_job_threads >= 0 && analysis_job_threads <= 256, "analysis_job_threads",
        "must be between 0 (half the cores) and 256");
  check(sse_per_session >= 1, "sse_per_session", "must be at least 1");
  check(sse_per_user >= sse_per_session, "sse_per_user", "must be at least sse_per_session");
  check(sse_max_streams >= sse_per_user, "sse_max_streams", "must be at least sse_per_user");
  check(approval_hours >= 1 && approval_hours <= 24 * 30, "approval_hours", "must be between 1 and 720");
  check(password_cost == "interactive" || password_cost == "min", "password_cost",
        "must be interactive or min");
  check(notify_key.empty() || (notify_key.size() == 64 && std::all_of(notify_key.begin(), notify_key.end(), [](char c) {
                                 return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                               })),
        "notify_key", "must be 64 hex digits (32 bytes), e.g. from `openssl rand -hex 32`");
  check(LocalTime::load(time_zone).ok(), "time_zone", "must be an IANA time zone such as Asia/Shanghai");
  if (!public_base_url.empty())
    if (auto url = parse_base_url(public_base_url, "public_base_url"); !url) errors.push_back(url.error().fields.front());
  check(metrics_token.empty() || (metrics_token.size() >= 16 && metrics_token.size() <= 256 &&
                                  metrics_token.find_first_not_of(kTokenCharacters) == std::string::npos),
        "metrics_token", "must be 16 to 256 letters, digits or -._~+/=");
  check(metrics_port >= 0 && metrics_port <= 65535, "metrics_port", "must be between 0 (none) and 65535");
  check(metrics_port == 0 || metrics_port != port, "metrics_port", "must differ from port");
  check(!metrics_host.empty(), "metrics_host", "must name an address to listen on");
  if (errors.empty()) return {};
  return Error::invalid(std::move(errors));
}

Status apply_config_file(Config& config, const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::invalid(path, "cannot open the config file");
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = parse_json(ss.str(), path, path + ": ");
  if (!parsed) return parsed.error();
  const nlohmann::json& j = *parsed;
  if (!j.is_object()) return Error::invalid(path, "must be a JSON object");
  std::vector<FieldError> errors;
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string where = path + ": " + it.key();
    const Setting* setting = nullptr;
    for (const auto& s : settings())
      if (it.key() == s.name) setting = &s;
    if (!setting) {
      errors.push_back({where, "unknown setting"});
      continue;
    }
    std::string text = it->is_string() ? it->get<std::string>() : it->dump();
    if (auto st = setting->set(config, text, where); !st) errors.push_back(st.error().fields.front());
  }
  if (errors.empty()) return {};
  return Error::invalid(std::move(errors));
}

Status apply_environment(Config& config, const std::map<std::string, std::string>& env) {
  for (const auto& s : settings()) {
    auto it = env.find(env_name(s.name));
    if (it != env.end()) LL_CHECK(s.set(config, it->second, it->first));
  }
  return {};
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos && kv.starts_with("LIFELINE_")) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return env;
}

}  // namespace lifeline

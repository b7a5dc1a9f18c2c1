#include "app/notify/repo.h"

#include <map>
#include <nlohmann/json.hpp>

#include "store/like.h"

namespace lifeline::app::notify::repo {

using store::Params;
using store::Row;
using store::Tx;

namespace {

constexpr const char* kEscape = " ESCAPE '\\'";

constexpr const char* kRobotColumns =
    "SELECT r.id, r.org_id, r.org_path, o.name, r.kind, r.name, r.url,"
    " CASE WHEN r.secret_sealed IS NULL THEN 0 ELSE 1 END, r.keywords, r.enabled, r.rate_per_minute,"
    " r.quiet_start, r.quiet_end, r.paused_until, r.version, r.created_at, r.updated_at"
    " FROM notify_robots r JOIN orgs o ON o.id = r.org_id";

std::optional<int> opt_int(const Row& row, size_t i) {
  if (row.is_null(i)) return std::nullopt;
  return static_cast<int>(row.integer(i));
}

std::vector<std::string> string_list(const std::string& text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

Robot robot_of(const Row& r) {
  Robot b;
  b.id = r.integer(0);
  b.org_id = r.integer(1);
  b.org_path = r.text(2);
  b.org_name = r.text(3);
  b.kind = parse_kind(r.text(4)).value_or(Kind::webhook);
  b.name = r.text(5);
  b.url = r.text(6);
  b.secret_set = r.boolean(7);
  b.keywords = string_list(r.text(8));
  b.enabled = r.boolean(9);
  b.rate_per_minute = static_cast<int>(r.integer(10));
  b.quiet_start = opt_int(r, 11);
  b.quiet_end = opt_int(r, 12);
  b.paused_until = from_millis(r.integer(13));
  b.version = r.integer(14);
  b.created_at = from_millis(r.integer(15));
  b.updated_at = from_millis(r.integer(16));
  return b;
}

// The rules of the robots whose ids the subquery selects.
Status attach_rules(Tx& tx, std::vector<Robot>& robots, const std::string& robot_ids_sql, const Params& params) {
  if (robots.empty()) return {};
  LL_TRY(auto rows, tx.query("SELECT ru.robot_id, ru.id, ru.org_id, ru.org_path, o.name, ru.event, ru.min_priority,"
                             " ru.mention FROM notify_rules ru JOIN orgs o ON o.id = ru.org_id WHERE ru.robot_id IN (" +
                                 robot_ids_sql + ") ORDER BY ru.org_path, ru.event",
                             params));
  std::map<int64_t, Robot*> by_id;
  for (auto& r : robots) by_id[r.id] = &r;
  for (const auto& row : rows) {
    auto it = by_id.find(row.integer(0));
    if (it == by_id.end()) continue;
    it->second->rules.push_back({row.integer(1), row.integer(2), row.text(3), row.text(4), row.text(5),
                                 parse_priority(row.text(6)).value_or(Priority::low), row.boolean(7)});
  }
  return {};
}

Params robot_params(const RobotRow& r) {
  return {r.org_id,
          r.org_path,
          to_string(r.kind),
          r.name,
          r.url,
          r.secret_sealed,
          nlohmann::json(r.keywords).dump(),
          r.enabled,
          r.rate_per_minute,
          r.quiet_start ? store::Value(*r.quiet_start) : store::Value(),
          r.quiet_end ? store::Value(*r.quiet_end) : store::Value()};
}

}  // namespace

Result<std::optional<Robot>> find_robot(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one(std::string(kRobotColumns) + " WHERE r.id = ? AND r.removed_at IS NULL", {id}));
  if (!row) return std::optional<Robot>();
  std::vector<Robot> one{robot_of(*row)};
  LL_CHECK(attach_rules(tx, one, "?", {id}));
  return std::optional<Robot>(std::move(one.front()));
}

Result<std::vector<Robot>> list_robots(Tx& tx, const std::string& path) {
  LL_TRY(auto rows, tx.query(std::string(kRobotColumns) + " WHERE r.org_path LIKE ?" + kEscape +
                                 " AND r.removed_at IS NULL ORDER BY r.org_path, r.name, r.id",
                             {store::like_prefix(path)}));
  std::vector<Robot> out;
  for (const auto& r : rows) out.push_back(robot_of(r));
  LL_CHECK(attach_rules(tx, out,
                        std::string("SELECT id FROM notify_robots WHERE org_path LIKE ?") + kEscape +
                            " AND removed_at IS NULL",
                        {store::like_prefix(path)}));
  return out;
}

Result<std::optional<std::string>> sealed_secret(Tx& tx, int64_t robot_id) {
  LL_TRY(auto row, tx.query_one("SELECT secret_sealed FROM notify_robots WHERE id = ?", {robot_id}));
  if (!row) return std::optional<std::string>();
  return row->opt_text(0);
}

Result<int64_t> insert_robot(Tx& tx, const RobotRow& r, Instant now) {
  Params p = robot_params(r);
  p.emplace_back(to_millis(now));
  p.emplace_back(to_millis(now));
  return tx.insert("INSERT INTO notify_robots (org_id, org_path, kind, name, url, secret_sealed, keywords, enabled,"
                   " rate_per_minute, quiet_start, quiet_end, created_at, updated_at)"
                   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                   p);
}

Result<bool> update_robot(Tx& tx, int64_t id, const RobotRow& r, int64_t version, Instant now) {
  Params p = robot_params(r);
  p.emplace_back(to_millis(now));
  p.emplace_back(id);
  p.emplace_back(version);
  LL_TRY(int64_t changed,
         tx.exec("UPDATE notify_robots SET org_id = ?, org_path = ?, kind = ?, name = ?, url = ?, secret_sealed = ?,"
                 " keywords = ?, enabled = ?, rate_per_minute = ?, quiet_start = ?, quiet_end = ?, updated_at = ?,"
                 " version = version + 1 WHERE id = ? AND version = ? AND removed_at IS NULL",
                 p));
  return changed == 1;
}

Status remove_robot(Tx& tx, int64_t id, Instant now) {
  LL_CHECK(tx.execute("DELETE FROM notify_rules WHERE robot_id = ?", {id}));
  // The secret goes with the robot; its deliveries and log stay for the record.
  return tx.execute("UPDATE notify_robots SET removed_at = ?, enabled = 0, secret_sealed = NULL,"
                    " version = version + 1 WHERE id = ?",
                    {to_millis(now), id});
}

Status replace_rules(Tx& tx, int64_t robot_id, const std::vector<RuleRow>& rules) {
  LL_CHECK(tx.execute("DELETE FROM notify_rules WHERE robot_id = ?", {robot_id}));
  for (const auto& r : rules)
    LL_CHECK(tx.execute("INSERT INTO notify_rules (robot_id, org_id, org_path, event, min_priority, mention)"
                        " VALUES (?,?,?,?,?,?)",
                        {robot_id, r.org_id, r.org_path, r.event, to_string(r.min_priority), r.mention}));
  return {};
}

Result<std::vector<LiveRule>> live_rules(Tx& tx) {
  LL_TRY(auto rows, tx.query("SELECT ru.robot_id, ru.org_path, ru.event, ru.min_priority, ru.mention"
                             " FROM notify_rules ru JOIN notify_robots r ON r.id = ru.robot_id"
                             " WHERE r.enabled = 1 AND r.removed_at IS NULL"));
  std::vector<LiveRule> out;
  for (const auto& r : rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), parse_priority(r.text(3)).value_or(Priority::low),
                   r.boolean(4)});
  return out;
}

Result<std::vector<PendingNotice>> unrouted(Tx& tx, int limit) {
  LL_TRY(auto rows, tx.query("SELECT id, org_path, event, priority FROM notify_events WHERE routed_at IS NULL"
                             " ORDER BY id LIMIT ?",
                             {limit}));
  std::vector<PendingNotice> out;
  for (const auto& r : rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), parse_priority(r.text(3)).value_or(Priority::normal)});
  return out;
}

Status add_delivery(Tx& tx, const PendingNotice& n, int64_t robot_id, bool mention, Instant now) {
  return tx.execute("INSERT INTO notify_deliveries (event_id, robot_id, org_path, priority_rank, mention, state,"
                    " attempts, next_attempt_at, created_at) VALUES (?,?,?,?,?,'queued',0,?,?)"
                    " ON CONFLICT (event_id, robot_id) DO NOTHING",
                    {n.id, robot_id, n.org_path, rank(n.priority), mention, to_millis(now), to_millis(now)});
}

Status mark_routed(Tx& tx, int64_t event_id, Instant now) {
  return tx.execute("UPDATE notify_events SET routed_at = ? WHERE id = ? AND routed_at IS NULL",
                    {to_millis(now), event_id});
}

Status lock_robot(Tx& tx, int64_t robot_id) {
  LL_TRY(auto rows, tx.query("SELECT id FROM notify_robots WHERE id = ? FOR UPDATE", {robot_id}));
  (void)rows;
  return {};
}

Result<std::vector<int64_t>> robots_due(Tx& tx, Instant now) {
  LL_TRY(auto rows, tx.query("SELECT DISTINCT robot_id FROM notify_deliveries WHERE state = 'queued'"
                             " AND next_attempt_at <= ? ORDER BY robot_id",
                             {to_millis(now)}));
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.integer(0));
  return out;
}

Result<int64_t> attempts_since(Tx& tx, int64_t robot_id, Instant since) {
  LL_TRY(auto row, tx.query_one("SELECT COUNT(*) FROM notify_attempts WHERE robot_id = ? AND at > ?",
                                {robot_id, to_millis(since)}));
  return row ? row->integer(0) : 0;
}

Result<std::vector<int64_t>> due_deliveries(Tx& tx, int64_t robot_id, Instant now, bool skip_low, int limit) {
  LL_TRY(auto rows, tx.query(std::string("SELECT id FROM notify_deliveries WHERE robot_id = ? AND state = 'queued'"
                                         " AND next_attempt_at <= ?") +
                                 (skip_low ? " AND priority_rank < 2" : "") + " ORDER BY priority_rank, id LIMIT ?",
                             {robot_id, to_millis(now), limit}));
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.integer(0));
  return out;
}

Result<bool> claim(Tx& tx, int64_t delivery_id, Instant now, Instant hold_until) {
  LL_TRY(int64_t changed, tx.exec("UPDATE notify_deliveries SET attempts = attempts + 1, last_attempt_at = ?,"
                                  " next_attempt_at = ? WHERE id = ? AND state = 'queued' AND next_attempt_at <= ?",
                                  {to_millis(now), to_millis(hold_until), delivery_id, to_millis(now)}));
  return changed == 1;
}

Status release(Tx& tx, int64_t delivery_id, Instant next_attempt) {
  return tx.execute("UPDATE notify_deliveries SET attempts = attempts - 1, next_attempt_at = ?"
                    " WHERE id = ? AND state = 'queued'",
                    {to_millis(next_attempt), delivery_id});
}

Status fail_queued(Tx& tx, int64_t robot_id, const std::string& reason, const std::string& message) {
  return tx.execute("UPDATE notify_deliveries SET state = 'failed', reason = ?, error = ?"
                    " WHERE robot_id = ? AND state = 'queued'",
                    {reason, message, robot_id});
}

Status pause_robot(Tx& tx, int64_t robot_id, Instant until) {
  return tx.execute("UPDATE notify_robots SET paused_until = ? WHERE id = ? AND paused_until < ?",
                    {to_millis(until), robot_id, to_millis(until)});
}

Result<std::optional<Outgoing>> outgoing(Tx& tx, int64_t delivery_id) {
  LL_TRY(auto row, tx.query_one("SELECT d.id, e.event, e.title, e.body, e.link, e.mentions, e.priority, d.mention,"
                                " d.attempts FROM notify_deliveries d JOIN notify_events e ON e.id = d.event_id"
                                " WHERE d.id = ?",
                                {delivery_id}));
  if (!row) return std::optional<Outgoing>();
  return std::optional<Outgoing>(Outgoing{row->integer(0), row->text(1), row->text(2), row->text(3), row->text(4),
                                          row->text(5), parse_priority(row->text(6)).value_or(Priority::normal),
                                          row->boolean(7), row->integer(8)});
}

Result<int64_t> insert_attempt(Tx& tx, int64_t robot_id, std::optional<int64_t> delivery_id, Instant at) {
  return tx.insert("INSERT INTO notify_attempts (robot_id, delivery_id, at, outcome) VALUES (?,?,?,'sending')"
                   " RETURNING id",
                   {robot_id, delivery_id, to_millis(at)});
}

Status finish_attempt(Tx& tx, int64_t attempt_id, const std::string& outcome, const SendOutcome& o,
                      int64_t duration_ms) {
  return tx.execute("UPDATE notify_attempts SET outcome = ?, http_status = ?, errcode = ?, reason = ?, message = ?,"
                    " duration_ms = ? WHERE id = ?",
                    {outcome, o.status ? store::Value(o.status) : store::Value(), o.errcode,
                     o.reason.empty() ? store::Value() : store::Value(o.reason), o.message, duration_ms, attempt_id});
}

Status delete_attempt(Tx& tx, int64_t attempt_id) {
  return tx.execute("DELETE FROM notify_attempts WHERE id = ?", {attempt_id});
}

namespace {
Params outcome_params(const SendOutcome& o) {
  return {o.status ? store::Value(o.status) : store::Value(), o.errcode,
          o.reason.empty() ? store::Value() : store::Value(o.reason),
          o.message.empty() ? store::Value() : store::Value(o.message)};
}
}  // namespace

Status mark_sent(Tx& tx, int64_t delivery_id, const SendOutcome& o, Instant now) {
  Params p = outcome_params(o);
  p.emplace_back(to_millis(now));
  p.emplace_back(delivery_id);
  return tx.execute("UPDATE notify_deliveries SET http_status = ?, errcode = ?, reason = ?, error = ?,"
                    " state = 'sent', sent_at = ? WHERE id = ? AND state = 'queued'",
                    p);
}

Status mark_failed(Tx& tx, int64_t delivery_id, const SendOutcome& o) {
  Params p = outcome_params(o);
  p.emplace_back(delivery_id);
  return tx.execute("UPDATE notify_deliveries SET http_status = ?, errcode = ?, reason = ?, error = ?,"
                    " state = 'failed' WHERE id = ? AND state = 'queued'",
                    p);
}

Status mark_retry(Tx& tx, int64_t delivery_id, const SendOutcome& o, Instant next_attempt) {
  Params p = outcome_params(o);
  p.emplace_back(to_millis(next_attempt));
  p.emplace_back(delivery_id);
  return tx.execute("UPDATE notify_deliveries SET http_status = ?, errcode = ?, reason = ?, error = ?,"
                    " next_attempt_at = ? WHERE id = ? AND state = 'queued'",
                    p);
}

namespace {

constexpr const char* kDeliveryColumns =
    "SELECT d.id, d.event_id, e.event, e.title, e.priority, e.link, e.org_id, o.name, d.robot_id, r.name, r.kind,"
    " d.state, d.attempts, d.http_status, d.errcode, d.reason, d.error, d.created_at, d.sent_at, d.last_attempt_at,"
    " d.next_attempt_at"
    " FROM notify_deliveries d JOIN notify_events e ON e.id = d.event_id"
    " JOIN notify_robots r ON r.id = d.robot_id JOIN orgs o ON o.id = e.org_id";

Delivery delivery_of(const Row& r) {
  Delivery d;
  d.id = r.integer(0);
  d.event_id = r.integer(1);
  d.event = r.text(2);
  d.title = r.text(3);
  d.priority = parse_priority(r.text(4)).value_or(Priority::normal);
  d.link = r.text(5);
  d.org_id = r.integer(6);
  d.org_name = r.text(7);
  d.robot_id = r.integer(8);
  d.robot_name = r.text(9);
  d.robot_kind = parse_kind(r.text(10)).value_or(Kind::webhook);
  d.state = parse_delivery_state(r.text(11)).value_or(DeliveryState::queued);
  d.attempts = r.integer(12);
  d.http_status = opt_int(r, 13);
  d.errcode = r.opt_integer(14);
  d.reason = r.opt_text(15);
  d.error = r.opt_text(16);
  d.created_at = from_millis(r.integer(17));
  if (!r.is_null(18)) d.sent_at = from_millis(r.integer(18));
  if (!r.is_null(19)) d.last_attempt_at = from_millis(r.integer(19));
  d.next_attempt_at = from_millis(r.integer(20));
  return d;
}

Attempt attempt_of(const Row& r) {
  Attempt a;
  a.id = r.integer(0);
  a.robot_id = r.integer(1);
  a.delivery_id = r.opt_integer(2);
  a.at = from_millis(r.integer(3));
  a.outcome = r.text(4);
  a.http_status = opt_int(r, 5);
  a.errcode = r.opt_integer(6);
  a.reason = r.opt_text(7);
  a.message = r.text(8);
  a.duration_ms = r.opt_integer(9);
  return a;
}

constexpr const char* kAttemptColumns =
    "SELECT id, robot_id, delivery_id, at, outcome, http_status, errcode, reason, message, duration_ms"
    " FROM notify_attempts";

}  // namespace

Result<DeliveryPage> list_deliveries(Tx& tx, const std::string& path, const DeliveryFilter& f,
                                     std::optional<Instant> from, std::optional<Instant> to) {
  std::string where = std::string(" WHERE d.org_path LIKE ?") + kEscape;
  Params params{store::like_prefix(path)};
  if (f.robot) {
    where += " AND d.robot_id = ?";
    params.emplace_back(*f.robot);
  }
  if (f.state) {
    where += " AND d.state = ?";
    params.emplace_back(to_string(*f.state));
  }
  if (f.event) {
    if (f.event->ends_with('.')) {
      where += std::string(" AND e.event LIKE ?") + kEscape;
      params.emplace_back(store::like_prefix(*f.event));
    } else {
      where += " AND e.event = ?";
      params.emplace_back(*f.event);
    }
  }
  if (from) {
    where += " AND d.created_at >= ?";
    params.emplace_back(to_millis(*from));
  }
  if (to) {
    where += " AND d.created_at < ?";
    params.emplace_back(to_millis(*to));
  }
  DeliveryPage page;
  LL_TRY(auto total, tx.query_one("SELECT COUNT(*) FROM notify_deliveries d JOIN notify_events e ON e.id = d.event_id" +
                                      where,
                                  params));
  page.total = total ? total->integer(0) : 0;
  if (f.before_id) {
    where += " AND d.id < ?";
    params.emplace_back(*f.before_id);
  }
  params.emplace_back(f.limit + 1);
  LL_TRY(auto rows, tx.query(std::string(kDeliveryColumns) + where + " ORDER BY d.id DESC LIMIT ?", params));
  for (const auto& r : rows) page.items.push_back(delivery_of(r));
  if (page.items.size() > static_cast<size_t>(f.limit)) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  return page;
}

Result<std::optional<Delivery>> find_delivery(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one(std::string(kDeliveryColumns) + " WHERE d.id = ?", {id}));
  if (!row) return std::optional<Delivery>();
  return std::optional<Delivery>(delivery_of(*row));
}

Result<std::vector<Attempt>> attempts_of_delivery(Tx& tx, int64_t delivery_id) {
  LL_TRY(auto rows, tx.query(std::string(kAttemptColumns) + " WHERE delivery_id = ? ORDER BY id", {delivery_id}));
  std::vector<Attempt> out;
  for (const auto& r : rows) out.push_back(attempt_of(r));
  return out;
}

Result<std::vector<Attempt>> attempts_of_robot(Tx& tx, int64_t robot_id, int limit) {
  LL_TRY(auto rows,
         tx.query(std::string(kAttemptColumns) + " WHERE robot_id = ? ORDER BY id DESC LIMIT ?", {robot_id, limit}));
  std::vector<Attempt> out;
  for (const auto& r : rows) out.push_back(attempt_of(r));
  return out;
}

Result<DeliveryCounts> count_deliveries(Tx& tx, const std::string& path, Instant from, Instant to) {
  LL_TRY(auto rows, tx.query(std::string("SELECT state, COUNT(*) FROM notify_deliveries WHERE org_path LIKE ?") +
                                 kEscape + " AND created_at >= ? AND created_at < ? GROUP BY state",
                             {store::like_prefix(path), to_millis(from), to_millis(to)}));
  DeliveryCounts c;
  for (const auto& r : rows) {
    const std::string state = r.text(0);
    if (state == "queued") c.queued = r.integer(1);
    else if (state == "sent") c.sent = r.integer(1);
    else if (state == "failed") c.failed = r.integer(1);
  }
  return c;
}

}  // namespace lifeline::app::notify::repo

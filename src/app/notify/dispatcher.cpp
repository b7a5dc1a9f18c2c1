#include "app/notify/dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "app/api/gate.h"
#include "app/notify/events.h"

namespace lifeline::app::notify {

using namespace std::chrono_literals;
using store::Tx;
using store::TxMode;
using Verdict = SendOutcome::Verdict;

namespace {

constexpr auto kHold = 2min;       // a claimed delivery is nobody else's for this long
constexpr int kRouteBatch = 500;

std::vector<std::string> split_phones(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// One claimed delivery on its way out.
struct Send {
  repo::Outgoing what;
  int64_t attempt_id = 0;
  std::optional<SendOutcome> outcome;  // nullopt: not sent, give the claim back
  int64_t duration_ms = 0;
};

}  // namespace

std::chrono::milliseconds backoff(int64_t attempts) {
  const int64_t doublings = std::clamp<int64_t>(attempts - 1, 0, 10);
  return std::min<std::chrono::milliseconds>(30s * (int64_t{1} << doublings), 30min);
}

bool in_quiet_hours(std::optional<int> start, std::optional<int> end, int minute) {
  if (!start || !end || *start == *end) return false;
  if (*start < *end) return minute >= *start && minute < *end;
  return minute >= *start || minute < *end;  // wraps midnight: 22:00–07:00
}

std::string page_url(const std::string& base, const std::string& link) {
  if (base.empty() || link.empty()) return "";
  std::string b = base;
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b + "/#" + (link.front() == '/' ? link : "/" + link);
}

Dispatcher::Dispatcher(Runtime& rt, const SecretBox& box) : rt_(rt), box_(box) {
  auto tz = LocalTime::load(rt.config.time_zone);
  tz_ = tz ? *tz : *LocalTime::load("Asia/Shanghai");
  // Links in messages use the address people open (as check-in QR codes do);
  // none when it cannot be known (no public_base_url, listening everywhere).
  if (auto base = api::public_base(rt.config)) base_url_ = base->origin() + base->path;
}

Status Dispatcher::run(Instant now) {
  LL_TRY(int routed, route(now));
  LL_TRY(int sent, deliver(now));
  if (routed || sent) spdlog::debug("notify: routed {} notices, sent {} requests", routed, sent);
  return {};
}

Result<int> Dispatcher::route(Instant now) {
  // An idle run reads and writes nothing (no fsync on SQLite).
  auto pending = rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::unrouted(tx, 1); });
  if (!pending) return pending.error();
  if (pending->empty()) return 0;
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<int> {
    LL_TRY(auto notices, repo::unrouted(tx, kRouteBatch));
    if (notices.empty()) return 0;
    LL_TRY(auto rules, repo::live_rules(tx));
    for (const auto& n : notices) {
      std::map<int64_t, bool> robots;  // robot → mention allowed
      for (const auto& r : rules) {
        if (!n.org_path.starts_with(r.org_path) || !event_matches(r.event, n.event) ||
            rank(n.priority) > rank(r.min_priority))
          continue;
        robots[r.robot_id] = robots[r.robot_id] || r.mention;
      }
      for (const auto& [robot, mention] : robots) LL_CHECK(repo::add_delivery(tx, n, robot, mention, now));
      LL_CHECK(repo::mark_routed(tx, n.id, now));
    }
    return static_cast<int>(notices.size());
  });
}

Result<int> Dispatcher::deliver(Instant now) {
  auto due = rt_.db.transact(TxMode::read, [&](Tx& tx) { return repo::robots_due(tx, now); });
  if (!due) return due.error();
  int sent = 0;
  for (int64_t robot : *due) {
    auto n = deliver_robot(robot, now);
    if (!n) {
      spdlog::warn("notify: robot {}: {}", robot, n.error().message);
      continue;  // one robot's trouble does not hold up the others
    }
    sent += *n;
  }
  return sent;
}

Result<Target> Dispatcher::target(Tx& tx, const Robot& robot) const {
  Target t{robot.kind, robot.url, "", robot.keywords};
  if (!robot.secret_set) return t;
  LL_TRY(auto sealed, repo::sealed_secret(tx, robot.id));
  if (!sealed) return t;
  LL_TRY(t.secret, box_.open(*sealed));
  return t;
}

SendOutcome Dispatcher::send(const Target& robot, const Message& message, Instant now) const {
  const Outgoing request = build_request(robot, message, now);
  const HttpAnswer answer = post_json(request.url, request.body, request.headers,
                                      {.allow_private = rt_.config.notify_allow_private});
  if (answer.refused_address)
    return SendOutcome{Verdict::refused, 0, std::nullopt, "private_address", answer.error};
  if (answer.status == 0) return SendOutcome{Verdict::retry, 0, std::nullopt, "network", answer.error};
  return read_answer(robot.kind, answer.status, answer.body);
}

Result<int> Dispatcher::deliver_robot(int64_t robot_id, Instant now) {
  struct Plan {
    Target target;
    std::vector<Send> sends;
  };
  // Claim what this run sends, within the robot's rate, in one transaction.
  auto plan = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Plan> {
    Plan p;
    LL_CHECK(repo::lock_robot(tx, robot_id));
    LL_TRY(auto robot, repo::find_robot(tx, robot_id));
    if (!robot || !robot->enabled) {
      LL_CHECK(repo::fail_queued(tx, robot_id, robot ? "robot_disabled" : "robot_removed",
                                 robot ? "the robot is disabled" : "the robot was removed"));
      return p;
    }
    if (robot->paused_until > now) return p;
    LL_TRY(int64_t recent, repo::attempts_since(tx, robot_id, now - 1min));
    const int budget = robot->rate_per_minute - static_cast<int>(recent);
    if (budget <= 0) return p;
    LL_TRY(p.target, target(tx, *robot));
    const bool quiet = in_quiet_hours(robot->quiet_start, robot->quiet_end, tz_->minute_of_day(now));
    LL_TRY(auto ids, repo::due_deliveries(tx, robot_id, now, quiet, budget));
    for (int64_t id : ids) {
      LL_TRY(bool mine, repo::claim(tx, id, now, now + kHold));
      if (!mine) continue;
      LL_TRY(auto what, repo::outgoing(tx, id));
      if (!what) continue;
      LL_TRY(int64_t attempt, repo::insert_attempt(tx, robot_id, id, now));
      p.sends.push_back({std::move(*what), attempt, std::nullopt, 0});
    }
    return p;
  });
  if (!plan) return plan.error();

  // The requests, outside any transaction. A network error or a "too fast"
  // answer stops this robot's run: the rest would fare no better.
  int sent = 0;
  for (auto& s : plan->sends) {
    Message m{s.what.event, s.what.priority, s.what.title, s.what.text, page_url(base_url_, s.what.link),
              s.what.mention ? split_phones(s.what.mentions) : std::vector<std::string>{}};
    const auto started = std::chrono::steady_clock::now();
    s.outcome = send(plan->target, m, now);
    s.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    ++sent;
    if (s.outcome->verdict == Verdict::rate_limited || s.outcome->reason == "network") break;
  }

  const bool too_fast = std::any_of(plan->sends.begin(), plan->sends.end(), [](const Send& s) {
    return s.outcome && s.outcome->verdict == Verdict::rate_limited;
  });
  auto recorded = rt_.db.run(TxMode::write, [&](Tx& tx) -> Status {
    if (too_fast) LL_CHECK(repo::pause_robot(tx, robot_id, now + kRatePause));
    for (const auto& s : plan->sends) {
      const int64_t id = s.what.delivery_id;
      if (!s.outcome) {  // never sent: the claim and its attempt are given back
        LL_CHECK(repo::delete_attempt(tx, s.attempt_id));
        LL_CHECK(repo::release(tx, id, too_fast ? now + kRatePause : now + backoff(1)));
        continue;
      }
      SendOutcome o = *s.outcome;
      const int64_t attempts = s.what.attempts;
      if (o.sent()) {
        LL_CHECK(repo::finish_attempt(tx, s.attempt_id, "sent", o, s.duration_ms));
        LL_CHECK(repo::mark_sent(tx, id, o, now));
      } else if (o.verdict == Verdict::refused || attempts >= kMaxAttempts) {
        LL_CHECK(repo::finish_attempt(tx, s.attempt_id, "failed", o, s.duration_ms));
        if (o.verdict != Verdict::refused)
          o.message = "gave up after " + std::to_string(attempts) + " attempts: " + o.message;
        LL_CHECK(repo::mark_failed(tx, id, o));
      } else {
        LL_CHECK(repo::finish_attempt(tx, s.attempt_id, "retry", o, s.duration_ms));
        auto wait = backoff(attempts);
        if (o.verdict == Verdict::rate_limited) wait = std::max<std::chrono::milliseconds>(wait, kRatePause);
        LL_CHECK(repo::mark_retry(tx, id, o, now + wait));
      }
    }
    return {};
  });
  if (!recorded) return recorded.error();
  for (const auto& s : plan->sends)
    if (s.outcome && !s.outcome->sent())
      spdlog::warn("notify: delivery {} to robot {} ({}): {} {}", s.what.delivery_id, robot_id,
                   s.outcome->reason, s.outcome->errcode ? std::to_string(*s.outcome->errcode) : "",
                   s.outcome->message);
  return sent;
}

}  // namespace lifeline::app::notify

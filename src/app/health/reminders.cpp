#include "app/health/reminders.h"

#include <spdlog/spdlog.h>

#include "app/emergency/service.h"
#include "app/health/settings.h"
#include "core/local_time.h"

namespace lifeline::app::health {

using store::Tx;
using store::TxMode;

namespace {
constexpr size_t kMaxNames = 300;     // the rest are "等"
constexpr size_t kMaxMentions = 100;  // more @ than a group reads
}  // namespace

notify::Notice reminder_notice(const Scope& unit, const std::string& date, const std::string& deadline,
                               const std::vector<MissingPerson>& people, bool after_deadline) {
  notify::Notice n;
  n.org_id = unit.org_id;
  n.org_path = unit.path;
  n.event = after_deadline ? "health.missing" : "health.reminder";
  n.priority = notify::Priority::normal;
  n.title = after_deadline ? "未打卡名单" : "健康打卡提醒";
  n.text = after_deadline ? unit.name + " " + date + " 截至 " + deadline + "：" + std::to_string(people.size()) +
                                " 人未完成健康打卡，请各部门督促。"
                          : unit.name + " " + date + "：尚有 " + std::to_string(people.size()) +
                                " 人未完成健康打卡（截止 " + deadline + "），请尽快打卡。";
  if (!people.empty()) n.text += "\n";
  for (size_t i = 0; i < people.size() && i < kMaxNames; ++i)
    n.text += (i ? "、" : "") + people[i].name + "（" + people[i].org_name + "）";
  if (people.size() > kMaxNames) n.text += " 等";
  n.link = "/health/census?org=" + std::to_string(unit.org_id) + "&date=" + date;
  for (const auto& p : people)
    if (p.phone && !p.phone->empty() && n.mention_phones.size() < kMaxMentions) n.mention_phones.push_back(*p.phone);
  return n;
}

Reminders::Reminders(Runtime& rt) : rt_(rt) {
  auto lt = LocalTime::load(rt.config.time_zone);
  if (!lt) lt = LocalTime::load("Asia/Shanghai");
  if (lt) tz_.emplace(std::move(*lt));
}

Status Reminders::run(Instant now) {
  const std::string day = tz_->date(now);
  const int minute = tz_->minute_of_day(now);
  auto utilities = rt_.db.transact(TxMode::read, [&](Tx& tx) {
    return tx.query("SELECT id, path, name, kind FROM orgs WHERE kind = 'utility' ORDER BY id");
  });
  if (!utilities) return utilities.error();
  for (const auto& u : *utilities) {
    const Scope unit{u.integer(0), u.text(1), u.text(2), u.text(3)};
    // Decided on a read; written (once, by its dedup key) only when due.
    auto due = rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::optional<notify::Notice>> {
      LL_TRY(Settings settings, settings_for(tx, unit.org_id));
      if (minute < settings.deadline - kRemindMinutesBefore) return std::optional<notify::Notice>();
      const bool after = minute >= settings.deadline;
      const std::string key = std::string(after ? "health.missing:" : "health.reminder:") +
                              std::to_string(unit.org_id) + ":" + day;
      LL_TRY(bool done, notify::enqueued(tx, key));
      if (done) return std::optional<notify::Notice>();
      LL_TRY(auto policy, emergency::policy_at(tx, unit.path));
      if (!policy || !policy->policy.checkin_required) return std::optional<notify::Notice>();
      LL_TRY(auto people, missing_people(tx, unit.path, day));
      if (people.empty()) return std::optional<notify::Notice>();
      notify::Notice n = reminder_notice(unit, day, format_clock_time(settings.deadline), people, after);
      n.dedup_key = key;
      return std::optional<notify::Notice>(std::move(n));
    });
    if (due && *due) {
      auto added = rt_.db.transact(TxMode::write, [&](Tx& tx) { return notify::enqueue(tx, **due, now); });
      if (!added) due = added.error();
    }
    if (!due) spdlog::warn("health: reminders for {}: {}", unit.name, due.error().message);
  }
  return {};
}

schedule::Job reminder_job(Reminders& reminders) {
  return schedule::Job{.name = "health.reminders",
                       .every = std::chrono::minutes(5),
                       .lease = std::chrono::minutes(5),
                       .run = [&reminders](Instant now) { return reminders.run(now); }};
}

}  // namespace lifeline::app::health

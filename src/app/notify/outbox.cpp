#include "app/notify/outbox.h"

#include <set>

#include "app/notify/events.h"
#include "app/notify/model.h"

namespace lifeline::app::notify {

const char* to_string(Priority p) {
  switch (p) {
    case Priority::high: return "high";
    case Priority::normal: return "normal";
    case Priority::low: return "low";
  }
  return "normal";
}

Result<bool> enqueue(store::Tx& tx, const Notice& n, Instant now) {
  if (n.event.empty() || n.title.empty()) return Error::internal("notify: a notice needs an event and a title");
  std::string mentions;
  for (const auto& phone : n.mention_phones) mentions += (mentions.empty() ? "" : ",") + phone;
  LL_TRY(int64_t added,
         tx.exec("INSERT INTO notify_events (org_id, org_path, event, priority, title, body, link, mentions,"
                 " dedup_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING",
                 {n.org_id, n.org_path, n.event, to_string(n.priority), n.title, n.text, n.link, mentions,
                  n.dedup_key, to_millis(now)}));
  return added == 1;
}

Result<bool> enqueued(store::Tx& tx, const std::string& dedup_key) {
  LL_TRY(auto row, tx.query_one("SELECT 1 FROM notify_events WHERE dedup_key = ?", {dedup_key}));
  return row.has_value();
}

Result<int64_t> reaching(store::Tx& tx, const std::string& org_path, std::string_view event, Priority priority) {
  LL_TRY(auto rows, tx.query("SELECT ru.robot_id, ru.org_path, ru.event, ru.min_priority FROM notify_rules ru"
                             " JOIN notify_robots r ON r.id = ru.robot_id WHERE r.enabled = 1 AND r.removed_at IS NULL"));
  std::set<int64_t> robots;
  for (const auto& r : rows)
    if (org_path.starts_with(r.text(1)) && event_matches(r.text(2), event) &&
        rank(priority) <= rank(parse_priority(r.text(3)).value_or(Priority::low)))
      robots.insert(r.integer(0));
  return static_cast<int64_t>(robots.size());
}

}  // namespace lifeline::app::notify

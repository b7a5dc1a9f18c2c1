#include "app/notify/outbox.h"

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

}  // namespace lifeline::app::notify

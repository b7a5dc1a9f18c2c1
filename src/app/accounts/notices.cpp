#include "app/accounts/notices.h"

#include "core/time.h"

namespace lifeline::app::accounts::notices {

Status announce(store::Tx& tx, int64_t user_id, const std::string& kind, const nlohmann::json& params, Instant now) {
  return tx.execute("INSERT INTO account_notices (user_id, kind, params_json, created_at) VALUES (?,?,?,?)",
                    {user_id, kind, params.dump(), to_millis(now)});
}

Result<std::vector<AccountNotice>> list(store::Tx& tx, int64_t user_id, int limit) {
  LL_TRY(auto rows, tx.query("SELECT id, kind, params_json, created_at, seen_at FROM account_notices"
                             " WHERE user_id = ? ORDER BY id DESC LIMIT ?",
                             {user_id, static_cast<int64_t>(limit)}));
  std::vector<AccountNotice> out;
  for (const auto& r : rows) {
    AccountNotice n{r.integer(0), r.text(1), r.text(2), from_millis(r.integer(3)), std::nullopt};
    if (!r.is_null(4)) n.seen_at = from_millis(r.integer(4));
    out.push_back(std::move(n));
  }
  return out;
}

Result<int64_t> unseen(store::Tx& tx, int64_t user_id) {
  LL_TRY(auto row, tx.query_one("SELECT COUNT(*) FROM account_notices WHERE user_id = ? AND seen_at IS NULL",
                                {user_id}));
  return row ? row->integer(0) : 0;
}

Status mark_seen(store::Tx& tx, int64_t user_id, int64_t id, Instant now) {
  LL_TRY(auto row, tx.query_one("SELECT seen_at FROM account_notices WHERE id = ? AND user_id = ?", {id, user_id}));
  if (!row) return Error::not_found("no such notice");
  return tx.execute("UPDATE account_notices SET seen_at = ? WHERE id = ? AND user_id = ? AND seen_at IS NULL",
                    {to_millis(now), id, user_id});
}

nlohmann::json to_json(const AccountNotice& n) {
  nlohmann::json params = nlohmann::json::parse(n.params_json, nullptr, false);
  if (params.is_discarded()) params = nlohmann::json::object();
  return {{"id", n.id},
          {"kind", n.kind},
          {"params", params},
          {"at", format_instant(n.at)},
          {"seen_at", n.seen_at ? nlohmann::json(format_instant(*n.seen_at)) : nlohmann::json()}};
}

}  // namespace lifeline::app::accounts::notices

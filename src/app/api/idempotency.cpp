#include "app/api/idempotency.h"

#include "app/accounts/secrets.h"
#include "core/time.h"

namespace lifeline::app::api {

namespace {
constexpr int64_t kKeepMs = 24LL * 3600 * 1000;
constexpr int64_t kPurgeEveryMs = 10LL * 60 * 1000;
}  // namespace

Result<std::optional<std::string>> idempotency_key(const http::Request& req) {
  auto it = req.headers.find("idempotency-key");
  if (it == req.headers.end()) return std::optional<std::string>();
  const std::string& key = it->second;
  if (key.empty()) return Error::invalid(kIdempotencyHeader, "must not be empty");
  if (key.size() > kMaxIdempotencyKeyLength)
    return Error::invalid(kIdempotencyHeader,
                          "must be at most " + std::to_string(kMaxIdempotencyKeyLength) + " characters");
  return std::optional<std::string>(key);
}

std::string request_fingerprint(const http::Request& req) {
  std::string text = req.method + " " + req.path + "\n";
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  text += body.is_discarded() ? req.body : body.dump();
  return token_hash(text);
}

Result<std::optional<StoredResponse>> Idempotency::find(store::Tx& tx, const std::string& principal,
                                                        const std::string& key,
                                                        const std::string& fingerprint) const {
  LL_TRY(auto row, tx.query_one("SELECT request_hash, status, response FROM idempotency_keys"
                                " WHERE principal = ? AND key = ?",
                                {principal, key}));
  if (!row) return std::optional<StoredResponse>();
  StoredResponse s;
  s.same_request = row->text(0) == fingerprint;
  s.status = static_cast<int>(row->integer(1));
  s.body = row->text(2);
  return std::optional<StoredResponse>(std::move(s));
}

Status Idempotency::remember(store::Tx& tx, const std::string& principal, const std::string& key,
                             const std::string& fingerprint, int status, const std::string& body, Instant now) {
  const int64_t now_ms = to_millis(now);
  int64_t last = last_purge_ms_.load();
  if (now_ms - last >= kPurgeEveryMs && last_purge_ms_.compare_exchange_strong(last, now_ms))
    LL_CHECK(purge(tx, now));
  return tx.execute("INSERT INTO idempotency_keys (principal, key, request_hash, status, response, created_at)"
                    " VALUES (?,?,?,?,?,?)",
                    {principal, key, fingerprint, status, body, now_ms});
}

Status Idempotency::purge(store::Tx& tx, Instant now) {
  return tx.execute("DELETE FROM idempotency_keys WHERE created_at < ?", {to_millis(now) - kKeepMs});
}

http::Response replay(const StoredResponse& stored) {
  http::Response r = http::Response::text(stored.status, stored.body, "application/json");
  r.set_header("Idempotent-Replayed", "true");
  return r;
}

http::Response key_reused(const http::Request& req) {
  http::Response r = http::Response::problem(
      Error::invalid(kIdempotencyHeader, "this Idempotency-Key was already used for a different request"), req);
  r.status = 422;
  auto body = nlohmann::json::parse(r.body, nullptr, false);
  if (body.is_object()) {
    body["status"] = 422;
    body["title"] = "Unprocessable Content";
    body["type"] = "/problems/idempotency_key_reused";
    r.body = body.dump();
  }
  return r;
}

}  // namespace lifeline::app::api

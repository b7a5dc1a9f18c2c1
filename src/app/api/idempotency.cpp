#include "app/api/idempotency.h"

#include "app/accounts/secrets.h"
#include "core/json_input.h"
#include "core/time.h"

namespace lifeline::app::api {

namespace {
constexpr int64_t kKeepMs = 24LL * 3600 * 1000;
constexpr const char* kRaced = "a concurrent request with the same Idempotency-Key was answered first";
}  // namespace

Result<std::optional<std::string>> idempotency_key(const http::Request& req) {
  auto it = req.headers.find("idempotency-key");
  if (it == req.headers.end()) return std::optional<std::string>();
  const std::string& key = it->second;
  if (key.empty()) return Error::invalid(kIdempotencyHeader, "must not be empty");
  if (key.size() > kMaxIdempotencyKeyLength)
    return Error::invalid(kIdempotencyHeader,
                          "must be at most " + std::to_string(kMaxIdempotencyKeyLength) + " characters");
  // Stored as text: bytes the database cannot hold (or a later reader cannot
  // print) would fail the change after its work was done.
  for (char c : key)
    if (c < 0x20 || c > 0x7E) return Error::invalid(kIdempotencyHeader, "must be printable ASCII");
  return std::optional<std::string>(key);
}

std::string request_fingerprint(const http::Request& req) {
  std::string text = req.method + " " + req.path + "\n";
  // The same JSON however it is spaced; a body the parser refuses (too deep,
  // malformed) counts as its bytes and is refused by the route anyway.
  auto body = parse_json_body(req.body);
  text += body ? body->dump() : req.body;
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
  LL_TRY(int64_t added, tx.exec("INSERT INTO idempotency_keys (principal, key, request_hash, status, response,"
                                " created_at) VALUES (?,?,?,?,?,?) ON CONFLICT (principal, key) DO NOTHING",
                                {principal, key, fingerprint, status, body, to_millis(now)}));
  if (added == 0) return Error::conflict(kRaced);
  return {};
}

bool Idempotency::raced(const Error& e) { return e.code == ErrorCode::conflict && e.message == kRaced; }

Result<std::optional<StoredResponse>> Idempotency::find(store::Database& db, const std::string& principal,
                                                        const std::string& key,
                                                        const std::string& fingerprint) const {
  return db.transact(store::TxMode::read, [&](store::Tx& tx) { return find(tx, principal, key, fingerprint); });
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

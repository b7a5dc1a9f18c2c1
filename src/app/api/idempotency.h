// Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): a client that
// retries a POST with the same key gets the first answer back instead of a
// second change. Keys are scoped per principal ("user:7", "link:12") and kept
// 24 hours. The record is written in the SAME write transaction as the change
// it answers for; the store serialises writers (SQLite's single writer, the
// PostgreSQL advisory lock), so look-up-then-insert inside one write
// transaction cannot race:
//
//   LL_TRY(auto key, api::idempotency_key(req));          // in the route
//   ... in the service's write transaction:
//   LL_TRY(auto earlier, idem.find(tx, principal, *key, hash));
//   if (earlier) return *earlier;                           // replay (or 422)
//   ... make the change ...
//   LL_CHECK(idem.remember(tx, principal, *key, hash, 201, body, now));
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>

#include "app/actor.h"
#include "core/clock.h"
#include "core/result.h"
#include "http/message.h"
#include "store/database.h"

namespace lifeline::app::api {

inline constexpr size_t kMaxIdempotencyKeyLength = 200;
inline constexpr const char* kIdempotencyHeader = "Idempotency-Key";

// The request's Idempotency-Key header: nullopt when absent; invalid (400,
// naming the header) when empty or longer than 200 characters.
Result<std::optional<std::string>> idempotency_key(const http::Request& request);

// A fingerprint of what was asked: method, path and body (JSON bodies in
// canonical form, so key order and spacing do not matter).
std::string request_fingerprint(const http::Request& request);

// What a key already answered.
struct StoredResponse {
  int status = 0;
  std::string body;           // the JSON body as sent the first time
  bool same_request = true;   // false: the key was used for a different request (answer 422)
};

class Idempotency {
 public:
  // The stored answer for (principal, key), if any.
  Result<std::optional<StoredResponse>> find(store::Tx& tx, const std::string& principal, const std::string& key,
                                             const std::string& fingerprint) const;
  // Records the answer; also drops keys older than 24 hours now and then.
  Status remember(store::Tx& tx, const std::string& principal, const std::string& key,
                  const std::string& fingerprint, int status, const std::string& body, Instant now);
  // Drops keys older than 24 hours.
  Status purge(store::Tx& tx, Instant now);

 private:
  std::atomic<int64_t> last_purge_ms_{0};
};

// Retried POSTs that create or change one record (an incident, a call, a
// patrol, a work order's step). The key remembers the record's id, in the
// same write transaction as the change; a retry is answered with that record
// as it is now, rendered by the route as the first answer was, with
// `Idempotent-Replayed: true`. (The record's id, not a stored body, so a
// service stays typed and JSON stays in the routes.) Under concurrent
// retries the second insert of the key fails on its primary key and rolls
// its whole transaction back: never two records for one key.
//
//   LL_TRY(auto retry, api::retry_of(req, actor));                  // route
//   LL_TRY(auto earlier, api::replayed_record(tx, retry));          // service, in the write tx
//   if (earlier) return load(tx, *earlier);                          //   (sets retry->replayed)
//   ... make the change ...
//   LL_CHECK(api::remember_record(tx, retry, id, now));
struct Retry {
  std::string principal;    // "user:7"
  std::string key;
  std::string fingerprint;  // request_fingerprint
  bool replayed = false;    // set when the answer is a replay
};

// The request's retry for the actor; nullopt without an Idempotency-Key.
Result<std::optional<Retry>> retry_of(const http::Request& request, const std::string& principal);
inline Result<std::optional<Retry>> retry_of(const http::Request& request, const Actor& actor) {
  return retry_of(request, "user:" + std::to_string(actor.user_id));
}
// The retry a service takes: null without one.
inline Retry* retry_ptr(std::optional<Retry>& retry) { return retry ? &*retry : nullptr; }
// The record this key already answered with; nullopt on a first request (or
// without a retry). Unprocessable (422, key "idempotency_key_reused") when
// the key was used for a different request.
Result<std::optional<int64_t>> replayed_record(store::Tx& tx, Retry* retry);
Status remember_record(store::Tx& tx, const Retry* retry, int64_t record_id, Instant now);
// Marks a response as a replay when it is one.
void mark_replayed(http::Response& response, const std::optional<Retry>& retry);

// The replayed response: same status and body, and `Idempotent-Replayed: true`.
http::Response replay(const StoredResponse& stored);
// 422 problem+json naming the Idempotency-Key header.
http::Response key_reused(const http::Request& request);

}  // namespace lifeline::app::api

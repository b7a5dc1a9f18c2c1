// Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): a client that
// retries a POST with the same key gets the first answer back instead of a
// second change. Keys are scoped per principal ("user:7", "link:12") and kept
// 24 hours (the scheduled job "api.idempotency_purge" drops older ones). The
// record is written in the SAME write transaction as the change it answers
// for, and its primary key (principal, key) decides a race: writers are not
// serialised on PostgreSQL, so two requests with one key may both find
// nothing and both make the change; remember() then inserts with ON CONFLICT
// DO NOTHING (which waits for the other transaction) and, when the other got
// there first, fails with raced(): the caller's transaction rolls back and
// the caller replays the stored answer instead.
//
//   LL_TRY(auto key, api::idempotency_key(req));          // in the route
//   ... before or in the service's write transaction:
//   LL_TRY(auto earlier, idem.find(tx, principal, *key, hash));
//   if (earlier) return *earlier;                           // replay (or 422)
//   ... make the change ...
//   LL_CHECK(idem.remember(tx, principal, *key, hash, 201, body, now));
//   ... after the transaction, if (!r && Idempotency::raced(r.error())):
//   find() again in a read transaction and replay that.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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
  // Records the answer; fails with an error for which raced() is true when
  // a concurrent request with the same key committed first.
  Status remember(store::Tx& tx, const std::string& principal, const std::string& key,
                  const std::string& fingerprint, int status, const std::string& body, Instant now);
  static bool raced(const Error& e);
  // The stored answer, read in its own transaction (after raced()).
  Result<std::optional<StoredResponse>> find(store::Database& db, const std::string& principal,
                                             const std::string& key, const std::string& fingerprint) const;
  // Drops keys older than 24 hours (the scheduled job).
  static Status purge(store::Tx& tx, Instant now);
};

// The replayed response: same status and body, and `Idempotent-Replayed: true`.
http::Response replay(const StoredResponse& stored);
// 422 problem+json naming the Idempotency-Key header.
http::Response key_reused(const http::Request& request);

}  // namespace lifeline::app::api

// Idempotency-Key for duty's and reports' phone POSTs (api/idempotency.h):
// the answer is rendered and remembered in the same write transaction as
// the change, so a retry after a lost answer gets it back unchanged. Two
// requests with one key at once: the key's primary key lets one commit and
// the other roll back; settle() then replays the winner's answer.
#pragma once

#include <optional>
#include <string>

#include "app/actor.h"
#include "app/api/idempotency.h"
#include "store/database.h"

namespace lifeline::app::duty {

struct Retry {
  std::optional<std::string> key;  // the request's Idempotency-Key
  std::string fingerprint;         // api::request_fingerprint
};

struct Answer {
  int status = 201;
  std::string body;
  bool replayed = false;
  bool key_reused = false;  // the key answered another request: 422
};

inline std::string principal(const Actor& actor) { return "user:" + std::to_string(actor.user_id); }

inline Answer from_stored(const api::StoredResponse& stored) {
  return Answer{stored.status, stored.body, stored.same_request, !stored.same_request};
}

// The earlier answer to this key, if any.
inline Result<std::optional<Answer>> earlier_answer(store::Tx& tx, const api::Idempotency& idem, const Actor& actor,
                                                    const Retry& retry) {
  if (!retry.key) return std::optional<Answer>();
  LL_TRY(auto stored, idem.find(tx, principal(actor), *retry.key, retry.fingerprint));
  if (!stored) return std::optional<Answer>();
  return std::optional<Answer>(from_stored(*stored));
}

inline Status remember_answer(store::Tx& tx, api::Idempotency& idem, const Actor& actor, const Retry& retry,
                              const Answer& answer, Instant now) {
  if (!retry.key) return {};
  return idem.remember(tx, principal(actor), *retry.key, retry.fingerprint, answer.status, answer.body, now);
}

// The outcome of a write transaction that remembered its answer: when a
// concurrent request with the same key committed first, its answer.
inline Result<Answer> settle(store::Database& db, const api::Idempotency& idem, const Actor& actor,
                             const Retry& retry, Result<Answer> outcome) {
  if (outcome || !retry.key || !api::Idempotency::raced(outcome.error())) return outcome;
  LL_TRY(auto stored, idem.find(db, principal(actor), *retry.key, retry.fingerprint));
  if (!stored) return outcome;
  return from_stored(*stored);
}

}  // namespace lifeline::app::duty

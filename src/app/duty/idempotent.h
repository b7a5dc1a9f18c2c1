// Idempotency-Key for duty's and reports' phone POSTs (api/idempotency.h):
// the answer is rendered and remembered in the same write transaction as
// the change, so a retry after a lost answer gets it back unchanged.
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

// The earlier answer to this key, if any.
inline Result<std::optional<Answer>> earlier_answer(store::Tx& tx, const api::Idempotency& idem, const Actor& actor,
                                                    const Retry& retry) {
  if (!retry.key) return std::optional<Answer>();
  LL_TRY(auto stored, idem.find(tx, principal(actor), *retry.key, retry.fingerprint));
  if (!stored) return std::optional<Answer>();
  return std::optional<Answer>(Answer{stored->status, stored->body, stored->same_request, !stored->same_request});
}

inline Status remember_answer(store::Tx& tx, api::Idempotency& idem, const Actor& actor, const Retry& retry,
                              const Answer& answer, Instant now) {
  if (!retry.key) return {};
  return idem.remember(tx, principal(actor), *retry.key, retry.fingerprint, answer.status, answer.body, now);
}

}  // namespace lifeline::app::duty

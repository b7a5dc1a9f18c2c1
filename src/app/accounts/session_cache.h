// Authentication of sessions and API tokens with the caller's Actor cached.
//
// The Actor (user, role, unit and its path) is built from the database once
// and kept for kFreshFor, or until a "user.changed" event names the user —
// from this server or, through the event relay, from any other. What the
// cache never answers on its own is whether the credential still holds:
// every request asks the database one indexed question (the session or
// token row joined to its user: there, unexpired, not revoked, user
// enabled, same role and unit), so a logout, a disabled user or a revoked
// token is refused on the very next request, on every server. The sliding
// session expiry is still written at most once a minute, and a token's
// last use at most once a minute.
//
// Thread-safe. Misses and every refusal go through accounts::Service, whose
// rules (and error messages) stay the only ones.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "app/accounts/service.h"
#include "app/runtime.h"

namespace lifeline::app::accounts {

class SessionCache {
 public:
  static constexpr std::chrono::seconds kFreshFor{30};
  static constexpr size_t kCapacity = 20000;

  SessionCache(Service& accounts, Runtime& rt);

  Result<SessionAuth> authenticate_session(const std::string& session_token);
  Result<Actor> authenticate_bearer(const std::string& token);
  size_t size() const;

 private:
  struct Entry {
    SessionAuth auth;     // actor and CSRF token (sessions); actor with token_scope (tokens)
    Instant built_at;
  };
  // The row's answer to "does it still hold?"
  struct Check {
    bool holds = false;     // present, unexpired, not revoked, user enabled
    bool touch = false;     // the sliding expiry / last use is due to be written
    std::string role;
    int64_t org_id = 0;
    std::string csrf;       // sessions
  };
  Result<Check> check_session(const std::string& hash, Instant now);
  Result<Check> check_token(const std::string& hash, Instant now);
  std::optional<SessionAuth> cached(const std::string& key, const Check& c, Instant now);
  void remember(const std::string& key, const SessionAuth& auth, Instant now);
  void forget_user(int64_t user_id);

  Service& accounts_;
  Runtime& rt_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // "s:" + hash or "t:" + hash
  EventBus::Subscription users_changed_;
};

}  // namespace lifeline::app::accounts

#include "app/accounts/session_cache.h"

#include "app/accounts/secrets.h"
#include "core/time.h"

namespace lifeline::app::accounts {

using store::Tx;
using store::TxMode;

namespace {
constexpr auto kTouchEvery = std::chrono::minutes(1);  // as Service writes the sliding expiry
}

SessionCache::SessionCache(Service& accounts, Runtime& rt)
    : accounts_(accounts), rt_(rt), users_changed_(rt.events.subscribe([this](const Event& e) {
        if (e.type != "user.changed") return;
        const auto id = e.data.find("id");
        if (id != e.data.end() && id->is_number_integer()) forget_user(id->get<int64_t>());
      })) {}

Result<SessionCache::Check> SessionCache::check_session(const std::string& hash, Instant now) {
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Check> {
    LL_TRY(auto row, tx.query_one("SELECT s.expires_at, s.last_seen_at, s.csrf_token, u.disabled, u.role, u.org_id"
                                  " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
                                  {hash}));
    Check c;
    if (!row) return c;
    c.holds = from_millis(row->integer(0)) > now && !row->boolean(3);
    c.touch = now - from_millis(row->integer(1)) > kTouchEvery;
    c.csrf = row->text(2);
    c.role = row->text(4);
    c.org_id = row->integer(5);
    return c;
  });
}

Result<SessionCache::Check> SessionCache::check_token(const std::string& hash, Instant now) {
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Check> {
    LL_TRY(auto row, tx.query_one("SELECT t.revoked_at, t.expires_at, t.last_used_at, u.disabled, u.role, u.org_id"
                                  " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
                                  {hash}));
    Check c;
    if (!row) return c;
    c.holds = row->is_null(0) && (row->is_null(1) || from_millis(row->integer(1)) > now) && !row->boolean(3);
    c.touch = row->is_null(2) || now - from_millis(row->integer(2)) > kTouchEvery;
    c.role = row->text(4);
    c.org_id = row->integer(5);
    return c;
  });
}

std::optional<SessionAuth> SessionCache::cached(const std::string& key, const Check& c, Instant now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  const Entry& e = it->second;
  // A role or unit that changed under the cached Actor, or an old entry, is built again.
  if (now - e.built_at > kFreshFor || e.auth.actor.role != c.role || e.auth.actor.org_id != c.org_id ||
      e.auth.csrf_token != c.csrf) {
    entries_.erase(it);
    return std::nullopt;
  }
  return e.auth;
}

void SessionCache::remember(const std::string& key, const SessionAuth& auth, Instant now) {
  std::lock_guard lock(mu_);
  if (entries_.size() >= kCapacity) {
    std::erase_if(entries_, [&](const auto& kv) { return now - kv.second.built_at > kFreshFor; });
    if (entries_.size() >= kCapacity) entries_.clear();
  }
  entries_[key] = Entry{auth, now};
}

void SessionCache::forget_user(int64_t user_id) {
  std::lock_guard lock(mu_);
  std::erase_if(entries_, [&](const auto& kv) { return kv.second.auth.actor.user_id == user_id; });
}

size_t SessionCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

Result<SessionAuth> SessionCache::authenticate_session(const std::string& session_token) {
  const Instant now = rt_.clock.now();
  const std::string key = "s:" + token_hash(session_token);
  LL_TRY(Check c, check_session(key.substr(2), now));
  if (c.holds && !c.touch)
    if (auto hit = cached(key, c, now)) return std::move(*hit);
  // A miss, a refusal (the service words it) or a sliding expiry to write.
  auto r = accounts_.authenticate_session(session_token);
  if (r) {
    remember(key, *r, now);
  } else {
    std::lock_guard lock(mu_);
    entries_.erase(key);
  }
  return r;
}

Result<Actor> SessionCache::authenticate_bearer(const std::string& token) {
  const Instant now = rt_.clock.now();
  const std::string key = "t:" + token_hash(token);
  LL_TRY(Check c, check_token(key.substr(2), now));
  if (c.holds && !c.touch)
    if (auto hit = cached(key, c, now)) return std::move(hit->actor);
  auto r = accounts_.authenticate_bearer(token);
  if (r) {
    remember(key, SessionAuth{*r, ""}, now);
  } else {
    std::lock_guard lock(mu_);
    entries_.erase(key);
  }
  return r;
}

}  // namespace lifeline::app::accounts

#include "app/accounts/throttle.h"

#include <algorithm>
#include <cmath>

namespace lifeline::app::accounts::throttle {

namespace {

using std::chrono::milliseconds;

Error refuse(milliseconds wait) {
  const int seconds = std::max<int>(1, static_cast<int>((wait.count() + 999) / 1000));
  return Error::too_many_requests(
      "too many failed password attempts; try again in " + std::to_string(seconds) + " seconds", seconds);
}

milliseconds window(const Config& c) { return std::chrono::minutes(c.login_window_minutes); }

}  // namespace

milliseconds delay_after(const Config& c, int64_t failures) {
  if (failures < c.login_max_failures) return milliseconds(0);
  const int64_t doublings = std::min<int64_t>(failures - c.login_max_failures, 30);
  const milliseconds delay = std::chrono::seconds(c.login_delay_seconds) * (int64_t{1} << doublings);
  return std::min(delay, window(c));
}

namespace {

// Whether the pair may try a password now.
Status check(store::Tx& tx, const Config& c, const std::string& username, const std::string& address,
             Instant now) {
  const int64_t since = to_millis(now - window(c));
  LL_TRY(auto pair, tx.query_one("SELECT COUNT(*), MAX(at) FROM login_failures"
                                 " WHERE username = ? AND remote_address = ? AND at >= ?",
                                 {username.substr(0, 64), address, since}));
  if (pair && pair->integer(0) > 0) {
    const Instant next = from_millis(pair->integer(1)) + delay_after(c, pair->integer(0));
    if (now < next) return refuse(next - now);
  }
  LL_TRY(auto from, tx.query_one("SELECT COUNT(*), MIN(at) FROM login_failures WHERE remote_address = ? AND at >= ?",
                                 {address, since}));
  if (from && from->integer(0) >= 10LL * c.login_max_failures) {
    const Instant next = from_millis(from->integer(1)) + window(c);
    return refuse(std::max(milliseconds(1000), next - now));
  }
  return {};
}

}  // namespace

Status reserve(store::Tx& tx, const Config& c, const std::string& username, const std::string& address,
               Instant now) {
  // An unknown username has no row to lock and no password to guess.
  LL_CHECK(tx.query("SELECT id FROM users WHERE username = ? FOR UPDATE", {username}));
  LL_CHECK(check(tx, c, username, address, now));
  return tx.execute("INSERT INTO login_failures (username, remote_address, at) VALUES (?,?,?)",
                    {username.substr(0, 64), address, to_millis(now)});
}

Status succeeded(store::Tx& tx, const std::string& username, const std::string& address) {
  return tx.execute("DELETE FROM login_failures WHERE username = ? AND remote_address = ?",
                    {username.substr(0, 64), address});
}

}  // namespace lifeline::app::accounts::throttle

// Password checks are throttled per (address, username) with a growing delay
// and a per-address cap — never per username alone, which let anyone lock an
// account's owner out with five wrong guesses (issue 12) — and every 429
// says when to come back.
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class Throttle : public ApiTest {
 protected:
  // A login from `address` through the service (the HTTP tests all come from 127.0.0.1).
  Result<app::accounts::Login> from(const std::string& address, const std::string& user, const std::string& password) {
    return platform_->accounts().login(user, password, address, "rid");
  }
};

TEST_F(Throttle, WrongGuessesFromElsewhereDoNotLockTheOwnerOut) {
  for (int i = 0; i < 20; ++i) (void)from("10.0.0.66", "a_admin", "guess-" + std::to_string(i));
  auto attacker = from("10.0.0.66", "a_admin", "guess-x");
  ASSERT_FALSE(attacker.ok());
  EXPECT_EQ(attacker.error().code, ErrorCode::too_many_requests);
  auto owner = from("10.0.0.7", "a_admin", kPassword);
  EXPECT_TRUE(owner.ok()) << owner.error().message;
  // Over HTTP too: the owner's address is not the attacker's.
  auto session = login("a_admin");
  EXPECT_STATUS(call(session, "GET", "/api/v1/me"), 200);
}

TEST_F(Throttle, TheDelayGrowsWithEveryFailureOfThePair) {
  auto c = anonymous();
  auto attempt = [&](const std::string& password) {
    auto r = c->request("POST", "/api/v1/auth/login", json{{"username", "a_staff"}, {"password", password}}.dump());
    return std::pair(r->status, r->headers["retry-after"]);
  };
  // login_max_failures (3 here) cost nothing…
  for (int i = 0; i < 3; ++i) EXPECT_EQ(attempt("wrong-password").first, 401);
  // …then each failure doubles the wait: 2 s, 4 s, 8 s.
  for (int wait : {2, 4, 8}) {
    auto refused = attempt(kPassword);
    EXPECT_EQ(refused.first, 429);
    EXPECT_EQ(refused.second, std::to_string(wait));
    clock_.advance(std::chrono::seconds(wait));
    EXPECT_EQ(attempt("wrong-password").first, 401);
  }
  auto refused = attempt(kPassword);
  EXPECT_EQ(refused.second, "16");
  clock_.advance(std::chrono::seconds(16));
  EXPECT_EQ(attempt(kPassword).first, 200);
  EXPECT_EQ(attempt("wrong-password").first, 401);  // a success starts the pair afresh
  EXPECT_EQ(attempt("wrong-password").first, 401);
}

TEST_F(Throttle, OneAddressTryingManyNamesHitsItsCap) {
  // 10 × login_max_failures failures from one address, spread over names that never reach their own delay.
  for (int i = 0; i < 30; ++i) (void)from("10.0.0.99", "nobody" + std::to_string(i), "guess");
  auto capped = from("10.0.0.99", "a_staff", kPassword);
  ASSERT_FALSE(capped.ok());
  EXPECT_EQ(capped.error().code, ErrorCode::too_many_requests);
  EXPECT_GE(capped.error().retry_after_s, 1);
  EXPECT_LE(capped.error().retry_after_s, config_.login_window_minutes * 60);
  EXPECT_TRUE(from("10.0.0.100", "a_staff", kPassword).ok());
  clock_.advance(std::chrono::minutes(config_.login_window_minutes) + std::chrono::seconds(1));
  EXPECT_TRUE(from("10.0.0.99", "a_staff", kPassword).ok());
}

}  // namespace
}  // namespace lifeline::test

// The whole platform behind a real HTTP server on a loopback port, over a
// fresh database of the backend under test, with a manual clock. Fixture
// data: the root association, utilities A (长沙) and B (株洲), a department
// of A, and one user per role that the tests need (password kPassword).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/platform.h"
#include "http/client.h"
#include "http/server.h"
#include "support/test_database.h"

namespace lifeline::test {

inline constexpr const char* kPassword = "correct-horse-42";

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  struct Session {
    std::unique_ptr<http::Client> client;
    std::string csrf;
  };
  // Logs in through the API; fails the test when the login fails.
  Session login(const std::string& username);
  // Sends JSON with the session's CSRF token; `body` null sends no body.
  http::ClientResponse call(Session& s, const std::string& method, const std::string& target,
                            const nlohmann::json& body = nullptr);
  std::unique_ptr<http::Client> anonymous();
  // Rows in a table, read straight from the database.
  int64_t count(const std::string& table, const std::string& where = "1=1");

  std::unique_ptr<TestDatabase> database_;
  Config config_;
  ManualClock clock_{*parse_instant_or_die("2020-01-25T08:00:00Z")};
  EventBus events_;
  std::unique_ptr<app::Runtime> runtime_;
  std::unique_ptr<app::Platform> platform_;
  std::unique_ptr<http::Server> server_;
  // A person on the staff register of `org` (linked to the login `username`
  // when given), inserted directly so health tests need no import.
  int64_t add_staff(int64_t org, const std::string& employee_no, const std::string& name,
                    const std::string& username = "", const std::string& phone = "13912345678");
  int64_t user_id(const std::string& username);

  int64_t root_ = 1, util_a_ = 0, util_b_ = 0, dept_a_ = 0, plant_a_ = 0;

 private:
  static std::optional<Instant> parse_instant_or_die(const char* iso);
};

// Fails with the response body when the status is not `expected`.
#define EXPECT_STATUS(response, expected) \
  EXPECT_EQ((response).status, (expected)) << (response).body
#define ASSERT_STATUS(response, expected) \
  ASSERT_EQ((response).status, (expected)) << (response).body

}  // namespace lifeline::test

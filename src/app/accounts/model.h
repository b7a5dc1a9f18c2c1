// Accounts: users, sessions and API tokens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace lifeline::app::accounts {

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string role;
  int64_t org_id = 0;
  std::string org_name;
  std::string org_path;
  std::optional<std::string> phone;
  bool disabled = false;
  Instant created_at;
  std::optional<Instant> last_login_at;
};

struct NewUser {
  std::string username;
  std::string display_name;
  std::string role;
  int64_t org_id = 1;
  std::string password;
  std::optional<std::string> phone;
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::string> role;
  std::optional<int64_t> org_id;
  std::optional<bool> disabled;
  std::optional<std::optional<std::string>> phone;  // set / clear
};

struct UserFilter {
  std::optional<int64_t> org_id;   // subtree
  std::optional<std::string> q;    // matches username or display name
  std::optional<int64_t> after_id; // cursor
  int limit = 50;
};

struct UserPage {
  std::vector<User> items;
  std::optional<int64_t> next_cursor;
};

struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;
  std::string scope;  // "read" or "write"
  Instant created_at;
  std::optional<Instant> expires_at, revoked_at, last_used_at;
};

}  // namespace lifeline::app::accounts

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
  std::string reason;  // why, when the change needs a second person's approval
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::string> role;
  std::optional<int64_t> org_id;
  std::optional<bool> disabled;
  std::optional<std::optional<std::string>> phone;  // set / clear
  std::string reason;  // why, when the change needs a second person's approval
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

// A change to an account that waits for a second person (accounts/approvals.h):
// granting the health-records right, or taking over an account that holds it.
struct Approval {
  int64_t id = 0;
  std::string kind;  // grant | password_reset | enable
  int64_t user_id = 0;
  std::string username, display_name;
  int64_t org_id = 0;
  std::string org_name, org_path;
  std::optional<std::string> role;  // grant: the role to give; enable: the account's role
  std::string reason;
  std::string state;  // pending | approved | rejected | cancelled | expired
  int64_t requested_by = 0;
  std::string requested_by_name;
  Instant requested_at, expires_at;
  std::optional<int64_t> decided_by;
  std::string decided_by_name;
  std::optional<Instant> decided_at;
  std::string note;
};

// What the owner of an account is told about a change someone else made to it.
struct AccountNotice {
  int64_t id = 0;
  std::string kind;  // password_reset | enabled | role_granted | approval_requested | approval_rejected
  std::string params_json;
  Instant at;
  std::optional<Instant> seen_at;
};

}  // namespace lifeline::app::accounts

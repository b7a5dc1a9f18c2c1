// Who is acting: the authenticated user of a request (or the CLI's system
// actor), with the org subtree they may see and change.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "app/accounts/roles.h"

namespace lifeline::app {

struct Actor {
  int64_t user_id = 0;          // 0 for the system actor
  std::string username;
  std::string display_name;
  std::string role;
  int64_t org_id = 0;
  std::string org_name;
  std::string org_path;         // "/1/4/": the actor's scope is this subtree
  std::string token_scope;      // "" for sessions; "read" or "write" for API tokens
  std::string request_id;
  std::string remote_address;

  bool can(Permission p) const {
    if (token_scope == "read" && !is_read(p)) return false;
    return user_id == 0 || role_has(role, p);
  }
  // True when an org with materialised path `path` is inside the actor's subtree.
  bool sees(std::string_view path) const { return path.starts_with(org_path); }

  // The command-line tools act as the system with the whole tree in scope.
  static Actor system(std::string name = "system") {
    Actor a;
    a.username = a.display_name = std::move(name);
    a.role = "association_admin";
    a.org_id = 1;
    a.org_name = "root";
    a.org_path = "/1/";
    return a;
  }

 private:
  static bool is_read(Permission p) {
    return p == Permission::org_read || p == Permission::users_read || p == Permission::command_read ||
           p == Permission::emergency_read || p == Permission::audit_read || p == Permission::network_read ||
           p == Permission::health_census || p == Permission::health_records || p == Permission::supply_read ||
           p == Permission::hotline_stats || p == Permission::duty_read || p == Permission::supervision_read ||
           p == Permission::reports_read ||
           p == Permission::notify_read || p == Permission::quality_read ||
           p == Permission::supplies_read;
  }
};

}  // namespace lifeline::app

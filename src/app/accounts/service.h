// Accounts service: login and sessions, API tokens, user administration.
// Every method checks permissions and org scope; every change is audited.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "app/accounts/model.h"
#include "app/actor.h"
#include "app/runtime.h"
#include "core/result.h"

namespace lifeline::app::accounts {

struct Login {
  std::string session_token;  // goes into the HttpOnly cookie, never into a body
  std::string csrf_token;
  Instant expires_at;
  Actor actor;
};

struct SessionAuth {
  Actor actor;
  std::string csrf_token;
};

struct IssuedToken {
  ApiToken token;
  std::string secret;  // shown once
};

class Service {
 public:
  explicit Service(Runtime& rt);

  // Throttled: after config.login_max_failures failures for a username (or
  // ten times that from one address) within the window, answers 429.
  Result<Login> login(const std::string& username, const std::string& password, const std::string& remote_address,
                      const std::string& request_id);
  Status logout(const std::string& session_token);
  Result<SessionAuth> authenticate_session(const std::string& session_token);
  Result<Actor> authenticate_bearer(const std::string& token);

  Result<User> create_user(const Actor& actor, const NewUser& user);
  Result<User> update_user(const Actor& actor, int64_t id, const UserPatch& patch);
  Result<User> get_user(const Actor& actor, int64_t id);
  Result<UserPage> list_users(const Actor& actor, const UserFilter& filter);
  Status reset_password(const Actor& actor, int64_t id, const std::string& password);
  Status change_own_password(const Actor& actor, const std::string& current, const std::string& next);

  Result<IssuedToken> issue_token(const Actor& actor, const std::string& name, const std::string& scope,
                                  std::optional<Instant> expires_at);
  Result<std::vector<ApiToken>> list_tokens(const Actor& actor);
  Status revoke_token(const Actor& actor, int64_t id);

 private:
  Actor actor_for(const User& u) const;

  Runtime& rt_;
};

nlohmann::json to_json(const User& u);
nlohmann::json to_json(const ApiToken& t);
// GET /me: the actor plus permissions.
nlohmann::json me_json(const Actor& a, const std::string& csrf_token);

}  // namespace lifeline::app::accounts

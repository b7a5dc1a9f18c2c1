// Accounts service: login and sessions, API tokens, user administration.
// Every method checks permissions and org scope; every change is audited.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "app/accounts/approvals.h"
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

// A change to an account, and the part of it that waits for a second person.
struct UserChange {
  User user;
  std::optional<Approval> pending;
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

  // Account changes. Credential changes (a password set or reset, disabling,
  // re-enabling) end every older session and API token (accounts/credentials.h);
  // what grants or takes over health-records access waits for a second
  // person (accounts/approvals.h) and comes back as `pending`.
  Result<UserChange> add_user(const Actor& actor, const NewUser& user);
  Result<User> create_user(const Actor& actor, const NewUser& user);  // add_user's user
  Result<UserChange> update_user(const Actor& actor, int64_t id, const UserPatch& patch);
  Result<User> get_user(const Actor& actor, int64_t id);
  Result<UserPage> list_users(const Actor& actor, const UserFilter& filter);
  // The pending approval when the account holds health.records, else nullopt (applied).
  Result<std::optional<Approval>> reset_password(const Actor& actor, int64_t id, const std::string& password,
                                                 const std::string& reason = "");
  // Throttled like a login; ends every other session (keeps `session_token`'s) and every token.
  Status change_own_password(const Actor& actor, const std::string& current, const std::string& next,
                             const std::optional<std::string>& session_token = std::nullopt);

  // What others changed on the actor's account (accounts/notices.h).
  Result<int64_t> unseen_notices(const Actor& actor);
  Result<std::vector<AccountNotice>> notices(const Actor& actor);
  Status mark_notice_seen(const Actor& actor, int64_t id);

  // Second-person approvals of health-records access (accounts/approvals.h).
  Approvals& approvals() { return approvals_; }
  Instant now() const { return rt_.clock.now(); }

  Result<IssuedToken> issue_token(const Actor& actor, const std::string& name, const std::string& scope,
                                  std::optional<Instant> expires_at);
  Result<std::vector<ApiToken>> list_tokens(const Actor& actor);
  Status revoke_token(const Actor& actor, int64_t id);

 private:
  Actor actor_for(const User& u) const;
  static Status require_session(const Actor& actor);
  static std::optional<ApprovalRequest> second_person_part(const Actor& actor, const User& before, User& after,
                                                           const std::string& reason);

  Runtime& rt_;
  Approvals approvals_{rt_};
};

nlohmann::json to_json(const User& u);
nlohmann::json to_json(const ApiToken& t);
// GET /me: the actor plus permissions.
nlohmann::json me_json(const Actor& a, const std::string& csrf_token);

}  // namespace lifeline::app::accounts

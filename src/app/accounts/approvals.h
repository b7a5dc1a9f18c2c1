// The second person for health-records access (docs/health.md, "Separation
// of duties"). Admins manage accounts but do not read health records; so that
// no admin can give that right to an account they control, three changes wait
// for a second person's approval:
//
//   grant           giving an account a role that holds health.records (a new
//                   account is created disabled and its activation waits: kind enable)
//   password_reset  a new password for an account that holds it
//   enable          re-enabling (or first enabling) such an account
//
// The approver holds health.records on a login session, is neither the
// requester nor the account, and works in a unit above the account's: the
// association's health lead approves for the utilities' health officers, a
// utility's health officer for those of its departments (at the association
// itself, another health officer of the association). The request and the
// decision are audited (user.approval_request / _approve / _reject /
// _cancel), the applied change names the approval, and the account's owner
// is told in lifeline (accounts/notices.h) and in the unit's group
// (notify::enqueue). The system actor (CLI, seed) is not subject to it: whoever
// runs `lifeline user` already holds the database.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/accounts/model.h"
#include "app/actor.h"
#include "app/runtime.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::accounts {

struct ApprovalRequest {
  std::string kind;                          // grant | password_reset | enable
  std::optional<std::string> role;           // grant (and enable): the role
  std::optional<std::string> password_hash;  // password_reset
  std::string reason;
};

namespace approvals {

// Whether an account with this role holds the health-records right.
bool guarded_role(std::string_view role);
// Whether the actor's account changes are subject to the rule (not the system actor).
bool applies_to(const Actor& actor);
// Records a request in the caller's transaction: audited, announced to the
// account's owner and to the unit's group. 409 when one of the same kind waits.
Result<Approval> request(store::Tx& tx, const Actor& actor, const User& target, const ApprovalRequest& request,
                         Instant now, const Config& config);
// The approver rule above.
bool may_decide(const Actor& actor, const Approval& approval);

}  // namespace approvals

struct ApprovalFilter {
  std::optional<std::string> state;  // pending (not expired) | approved | rejected | cancelled | expired
};

class Approvals {
 public:
  explicit Approvals(Runtime& rt) : rt_(rt) {}

  // Requests for accounts in the actor's subtree (admins with users.read,
  // health officers with health.records), newest first.
  Result<std::vector<Approval>> list(const Actor& actor, const ApprovalFilter& filter);
  // Applies the change in the same transaction as the decision.
  Result<Approval> approve(const Actor& actor, int64_t id, const std::string& note);
  Result<Approval> reject(const Actor& actor, int64_t id, const std::string& note);
  // The requester withdraws it (or another admin of the account's unit).
  Result<Approval> cancel(const Actor& actor, int64_t id);

 private:
  enum class Decision { approve, reject };
  Result<Approval> decide(const Actor& actor, int64_t id, Decision decision, const std::string& note);
  Runtime& rt_;
};

// The approval as the API shows it; `may_decide` for the viewer, `state`
// "expired" for a pending one past its time.
nlohmann::json to_json(const Approval& a, const Actor& viewer, Instant now);

}  // namespace lifeline::app::accounts

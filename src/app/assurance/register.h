// The priority-customer register (重点用户登记): create, change, deactivate,
// list and read customers, each with its supply security and status.
//
// The register is the source of the network's priority-customer layer: every
// change rewrites the customers CSV of the affected network(s) from all its
// active customers in the same transaction (the nodes must exist in the
// current model), and the model cache is invalidated after commit, so
// isolation plans name registered customers.
//
// Reading needs supply.read; changing needs supply.manage. Everyone inside a
// utility reads its whole register (as repair's boards show its incidents):
// a crew in a sub-unit patrols customers registered anywhere in the utility.
// Changes stay with the actor's subtree; another utility's customers answer
// 404. Contacts are masked in lists, and in detail for anyone without
// supply.manage.
//
// A new network version that drops a customer's node re-maps it to the
// nearest node (remap(), run on network.uploaded) and the status says so.
#pragma once

#include <nlohmann/json.hpp>

#include "app/actor.h"
#include "app/assurance/model.h"
#include "app/network/service.h"
#include "app/runtime.h"
#include "core/result.h"

namespace lifeline::app::assurance {

// The actor's subtree, or a unit above the actor (its utility): what they may change.
inline bool may_see(const Actor& actor, const std::string& org_path) {
  return actor.sees(org_path) || actor.org_path.starts_with(org_path);
}

// The subtree whose register the actor reads: their utility's, or their own
// unit when it is above the utilities (the association).
Result<std::string> reading_scope(store::Tx& tx, const Actor& actor);
inline bool may_read(const std::string& scope, const Actor& actor, const std::string& org_path) {
  return org_path.starts_with(scope) || actor.org_path.starts_with(org_path);
}

struct CustomerList {
  int64_t scope_id = 0;
  std::string scope_name;  // the unit the register shows: the reader's whole utility by default
  std::vector<View> items;
  int64_t normal = 0, at_risk = 0, affected = 0, interrupted = 0;  // before the status filter
};

class Register {
 public:
  Register(Runtime& rt, network::Service& networks) : rt_(rt), networks_(networks) {}

  Result<CustomerList> list(const Actor& actor, const Filter& filter);
  // With its open incidents and critical segments in detail.
  Result<View> get(const Actor& actor, int64_t id);
  Result<View> create(const Actor& actor, const CustomerFields& fields);
  // Several at once, one rewrite of each network's layer (the demo's register).
  Result<std::vector<int64_t>> create_all(const Actor& actor, const std::vector<CustomerFields>& items);
  Result<View> update(const Actor& actor, int64_t id, const CustomerFields& patch,
                      std::optional<int64_t> expected_version);
  Status deactivate(const Actor& actor, int64_t id);
  // After a new version of the network: every registered node it no longer
  // has moves to the nearest node (by the coordinates kept at registration),
  // audited, and the layer is rewritten. Returns the customers re-mapped.
  Result<std::vector<int64_t>> remap(int64_t network_id);

  Instant now() const { return rt_.clock.now(); }

 private:
  Result<View> view(const Actor& actor, Customer c, bool detail);
  Runtime& rt_;
  network::Service& networks_;
};

// `full_contact`: the phone unmasked (detail, supply.manage holders).
nlohmann::json to_json(const View& v, bool full_contact, bool detail);
nlohmann::json to_json(const CarePlan& p);
nlohmann::json audit_json(const Customer& c);

}  // namespace lifeline::app::assurance

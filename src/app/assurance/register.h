// The priority-customer register (重点用户登记): create, change, deactivate,
// list and read customers, each with its supply security and status.
//
// The register is the source of the network's priority-customer layer: every
// change rewrites the customers CSV of the affected network(s) from all its
// active customers in the same transaction (the nodes must exist in the
// current model), and the model cache is invalidated after commit, so
// isolation plans name registered customers.
//
// Reading needs supply.read; changing needs supply.manage. Customers of the
// actor's subtree and of the units above it (their utility) are visible;
// another utility's answer 404. Contacts are masked in lists, and in detail
// for anyone without supply.manage.
#pragma once

#include <nlohmann/json.hpp>

#include "app/actor.h"
#include "app/assurance/model.h"
#include "app/network/service.h"
#include "app/runtime.h"
#include "core/result.h"

namespace lifeline::app::assurance {

// The actor's subtree, or a unit above the actor (its utility).
inline bool may_see(const Actor& actor, const std::string& org_path) {
  return actor.sees(org_path) || actor.org_path.starts_with(org_path);
}

struct CustomerList {
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

  Instant now() const { return rt_.clock.now(); }

 private:
  Result<View> view(const Actor& actor, Customer c, bool detail);
  Runtime& rt_;
  network::Service& networks_;
};

// `full_contact`: the phone unmasked (detail, supply.manage holders).
nlohmann::json to_json(const View& v, bool full_contact, bool detail);
// `full_contact` false: phone and ID numbers in the free text masked (app/privacy.h).
nlohmann::json to_json(const CarePlan& p, bool full_contact = true);
nlohmann::json audit_json(const Customer& c);

}  // namespace lifeline::app::assurance

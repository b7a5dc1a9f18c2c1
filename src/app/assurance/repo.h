// SQL for the priority-customer register, care plans and patrols, and the
// read-only look at repair's open incidents; no rules here.
#pragma once

#include <map>

#include "app/assurance/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::assurance::repo {

// Customers matching `where` (over alias c; orgs o), with their care plan and last patrol.
Result<std::vector<Customer>> select(store::Tx& tx, const std::string& where, const store::Params& params);
Result<std::optional<Customer>> find(store::Tx& tx, int64_t id);
// An active customer of that name in the org, other than `except`.
Result<std::optional<int64_t>> find_by_name(store::Tx& tx, int64_t org_id, const std::string& name, int64_t except);

Result<int64_t> insert(store::Tx& tx, const Customer& c, Instant now);
// Writes the fields and bumps the version if it still equals `expected_version`; false when it did not.
Result<bool> update(store::Tx& tx, const Customer& c, int64_t expected_version, Instant now);
// Replaces the customer's rows in priority_customer_nodes.
Status set_nodes(store::Tx& tx, const Customer& c);

struct LayerEntry {
  std::string node, name, category;
};
// The active customers of a network, one entry per served node, by tier and name.
Result<std::vector<LayerEntry>> layer(store::Tx& tx, int64_t network_id);

Status put_care_plan(store::Tx& tx, int64_t customer_id, const CarePlan& plan, std::optional<int64_t> by);

Result<int64_t> insert_patrol(store::Tx& tx, const Patrol& p, std::optional<int64_t> by);
Result<std::optional<Patrol>> find_patrol(store::Tx& tx, int64_t id);
// Latest first.
Result<std::vector<Patrol>> patrols(store::Tx& tx, int64_t customer_id, int64_t limit);

// Open incidents (closed_at NULL) affecting each of `customers`.
Result<std::map<int64_t, std::vector<OpenIncident>>> open_incidents(store::Tx& tx,
                                                                    const std::vector<int64_t>& customers);

}  // namespace lifeline::app::assurance::repo

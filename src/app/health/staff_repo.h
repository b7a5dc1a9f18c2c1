// Reading people off the register; every part of the module resolves a person
// through here (writes belong to register.cpp).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "app/health/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health::staff_repo {

Result<std::optional<Staff>> find(store::Tx& tx, int64_t id);
Result<std::optional<Staff>> find_by_user(store::Tx& tx, int64_t user_id);
Result<std::optional<Staff>> find_by_employee_no(store::Tx& tx, int64_t utility_id, const std::string& employee_no);

// The columns and row mapping, for parts that list people with their own filters:
//   tx.query(std::string(kSelect) + "WHERE s.org_path LIKE ? ...", ...)
extern const char* const kSelect;
Staff from_row(const store::Row& row);

// People on the register on local day `day` per unit (org path) under
// `org_path`: the headcount other modules plan by (supplies' forecast of
// masks per person). Counts only.
Result<std::vector<std::pair<std::string, int64_t>>> headcount_by_unit(store::Tx& tx, const std::string& org_path,
                                                                       const std::string& day);

// `full`: the person themself or a health officer; lists show masked phone and ID numbers.
nlohmann::json to_json(const Staff& s, bool full);

}  // namespace lifeline::app::health::staff_repo

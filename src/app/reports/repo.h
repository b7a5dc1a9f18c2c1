// SQL for reports; no rules here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/reports/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::reports::repo {

// Templates (with all their versions) matching `where` over alias t.
Result<std::vector<Template>> templates(store::Tx& tx, const std::string& where, const store::Params& params);
Result<std::optional<Template>> find_template(store::Tx& tx, int64_t id);
Status insert_version(store::Tx& tx, int64_t template_id, const TemplateVersion& v);

// Submissions matching `where` over alias s; `versions` loads every version's values.
Result<std::vector<Submission>> submissions(store::Tx& tx, const std::string& where, const store::Params& params,
                                            bool versions = false);
Result<std::optional<Submission>> find_submission(store::Tx& tx, int64_t id);

struct Unit {
  int64_t id = 0;
  std::string path, name, kind;
};
// The units a version requires, under the template's owner; those below `within` only.
Result<std::vector<Unit>> required_units(store::Tx& tx, const Template& t, const TemplateVersion& v,
                                         const std::string& within);

}  // namespace lifeline::app::reports::repo

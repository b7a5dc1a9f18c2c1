// SQL for the org tree and the command structure; no rules here.
#pragma once

#include "app/org/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::org::repo {

Result<std::optional<Org>> find(store::Tx& tx, int64_t id);
Result<std::optional<Org>> find_by_code(store::Tx& tx, const std::string& code);
Result<std::vector<Org>> subtree(store::Tx& tx, const std::string& path);
Result<int64_t> count_subtree(store::Tx& tx, const std::string& path);
Result<int64_t> insert(store::Tx& tx, const NewOrg& o, const std::string& parent_path, Instant now);
// Writes the fields and bumps the version if it still equals `expected_version`; false when it did not.
Result<bool> update(store::Tx& tx, const Org& o, int64_t expected_version);

Result<std::vector<CommandBody>> bodies(store::Tx& tx, int64_t org_id);
Result<std::optional<CommandBody>> find_body(store::Tx& tx, int64_t id);
Result<int64_t> insert_body(store::Tx& tx, const CommandBody& b, Instant now);
Status update_body(store::Tx& tx, const CommandBody& b);
Status delete_body(store::Tx& tx, int64_t id);
Result<int64_t> insert_member(store::Tx& tx, int64_t body_id, const Member& m);
Result<bool> delete_member(store::Tx& tx, int64_t body_id, int64_t member_id);
Status set_supervised(store::Tx& tx, int64_t body_id, const std::vector<int64_t>& org_ids);

}  // namespace lifeline::app::org::repo

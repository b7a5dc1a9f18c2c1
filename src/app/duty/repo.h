// SQL for duty; no rules here. Rows carry the org path of their post, so a
// subtree is one prefix match.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/duty/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::duty::repo {

// Posts
Result<std::optional<Post>> find_post(store::Tx& tx, int64_t id, bool lock = false);
// Active (or all) posts of a subtree, by unit path, sort order and name.
Result<std::vector<Post>> posts_in(store::Tx& tx, const std::string& path, bool active_only = true);
Result<int64_t> insert_post(store::Tx& tx, const Post& p, Instant now);
Status update_post(store::Tx& tx, const Post& p);

// People (the staff register)
Result<std::optional<Person>> person(store::Tx& tx, int64_t staff_id);
Result<std::optional<Person>> person_of_user(store::Tx& tx, int64_t user_id);
Result<std::unordered_map<int64_t, Person>> people(store::Tx& tx, std::vector<int64_t> ids);
// Active people on the register in a subtree whose name contains `q` (at most 200, by unit and name).
Result<std::vector<std::pair<Person, std::string>>> people_in(store::Tx& tx, const std::string& path,
                                                              const std::string& q);

// Rosters and layers
Result<std::vector<Roster>> rosters_of_post(store::Tx& tx, int64_t post_id);
Result<std::optional<Roster>> find_roster(store::Tx& tx, int64_t id, bool lock = false);
// Inserts the roster; conflict when the post has one of this kind already.
Result<int64_t> insert_roster(store::Tx& tx, const Post& post, const std::string& kind, const std::string& name,
                              Instant now);
Result<int64_t> insert_layer(store::Tx& tx, int64_t roster_id, int level, const LayerInput& l, int shift_minutes,
                             Instant valid_from, Instant now);
// Ends the layers in effect at `at` and voids those that would start after it.
Status end_layers(store::Tx& tx, int64_t roster_id, Instant at);
Status touch_roster(store::Tx& tx, int64_t id, const std::string& name, Instant now);

// Overrides
Result<std::vector<Override>> overrides(store::Tx& tx, const std::string& where, const store::Params& params);
Result<std::optional<Override>> find_override(store::Tx& tx, int64_t id);
// Requested or approved overrides of the post overlapping `span`.
Result<std::vector<int64_t>> overlapping_overrides(store::Tx& tx, int64_t post_id, Span span);

// The plans of posts over a span: rosters with the layers in effect in it,
// approved overrides overlapping it, and the epidemic spans from the
// emergencies covering each post.
Result<std::vector<PostPlan>> plans(store::Tx& tx, const std::vector<Post>& posts, Span span);

}  // namespace lifeline::app::duty::repo

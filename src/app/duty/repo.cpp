#include "app/duty/repo.h"

#include <algorithm>
#include <map>

#include "app/emergency/policy.h"
#include "app/emergency/repo.h"
#include "app/duty/spans.h"
#include "store/like.h"

namespace lifeline::app::duty::repo {

using store::Params;
using store::Row;
using store::Tx;

namespace {

const char* const kPostSelect =
    "SELECT p.id, p.org_id, p.org_path, o.name, p.name, p.kind, p.phone, p.radio_channel, p.location, p.red_phone,"
    " p.coverage_days, p.coverage_from, p.coverage_to, p.min_rest_minutes, p.sort_order, p.active, p.version,"
    " p.created_at FROM duty_posts p JOIN orgs o ON o.id = p.org_id ";

std::optional<Weekly> weekly_from(const Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return Weekly{static_cast<int>(r.integer(i)), static_cast<int>(r.integer(i + 1)), static_cast<int>(r.integer(i + 2))};
}

Post post_from_row(const Row& r) {
  Post p;
  p.id = r.integer(0);
  p.org_id = r.integer(1);
  p.org_path = r.text(2);
  p.org_name = r.text(3);
  p.name = r.text(4);
  p.kind = r.text(5);
  p.phone = r.opt_text(6);
  p.radio_channel = r.opt_text(7);
  p.location = r.opt_text(8);
  p.red_phone = r.boolean(9);
  p.coverage = weekly_from(r, 10);
  p.min_rest_minutes = static_cast<int>(r.integer(13));
  p.sort_order = r.integer(14);
  p.active = r.boolean(15);
  p.version = r.integer(16);
  p.created_at = from_millis(r.integer(17));
  return p;
}

store::Value weekly_part(const std::optional<Weekly>& w, int which) {
  if (!w) return {};
  return which == 0 ? w->days : which == 1 ? w->from : w->to;
}

const char* const kPersonSelect =
    "SELECT s.id, s.name, s.user_id, s.phone, s.utility_id, s.org_path, s.active FROM staff s ";

Person person_from_row(const Row& r) {
  return {r.integer(0), r.text(1), r.opt_integer(2), r.opt_text(3), r.integer(4), r.text(5), r.boolean(6)};
}

// "?,?,?" for n values.
std::string marks(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ",?" : "?";
  return s;
}

// Runs `fn(in_list, params)` for chunks of ids (IN lists stay short on both backends).
template <typename Fn>
Status in_chunks(const std::vector<int64_t>& ids, Fn fn) {
  constexpr size_t kChunk = 500;
  for (size_t i = 0; i < ids.size(); i += kChunk) {
    const size_t n = std::min(kChunk, ids.size() - i);
    Params params(ids.begin() + static_cast<std::ptrdiff_t>(i), ids.begin() + static_cast<std::ptrdiff_t>(i + n));
    LL_CHECK(fn("(" + marks(n) + ")", params));
  }
  return {};
}

Params join(Params a, const Params& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

const char* const kLayerSelect =
    "SELECT l.id, l.roster_id, l.level, l.name, l.rotation, l.shift_minutes, l.handoff_minute, l.starts_on,"
    " l.restrict_days, l.restrict_from, l.restrict_to, l.valid_from, l.valid_until FROM duty_layers l ";

Layer layer_from_row(const Row& r) {
  Layer l;
  l.id = r.integer(0);
  l.level = static_cast<int>(r.integer(2));
  l.name = r.text(3);
  l.rotation = r.text(4);
  l.shift_minutes = static_cast<int>(r.integer(5));
  l.handoff = static_cast<int>(r.integer(6));
  l.starts_on = r.text(7);
  l.restriction = weekly_from(r, 8);
  l.valid_from = from_millis(r.integer(11));
  if (!r.is_null(12)) l.valid_until = from_millis(r.integer(12));
  return l;
}

const char* const kOverrideSelect =
    "SELECT v.id, v.post_id, p.name, v.org_path, v.kind, v.starts_at, v.ends_at, v.staff_id, v.replaces_staff_id,"
    " v.reason, v.state, v.requested_by_name, v.decided_by_name, v.decision_note, v.decided_at, v.created_at"
    " FROM duty_overrides v JOIN duty_posts p ON p.id = v.post_id ";

// When the epidemic roster is in force at a unit: from the first moment an
// emergency covering it was at a level whose policy switches the epidemic
// roster on (the declared level counts from its start), until it ended.
std::vector<Span> epidemic_spans(const std::vector<emergency::Emergency>& all, const std::string& path) {
  std::vector<Span> out;
  for (const auto& e : all) {
    if (!e.covers(path)) continue;
    std::vector<std::pair<Instant, std::string>> levels;
    for (const auto& h : e.history) {
      if (h.action == "declared") levels.push_back({e.started_at, h.level});
      else if (h.action == "level_changed") levels.push_back({h.at, h.level});
    }
    if (levels.empty()) levels.push_back({e.started_at, e.level});
    std::optional<Instant> on;
    for (const auto& [at, level] : levels) {
      auto p = emergency::policy_for(level);
      if (p && p->epidemic_duty_roster) {
        on = at;
        break;
      }
    }
    if (!on) continue;
    const Instant until = e.ended_at.value_or(Instant::max());
    if (*on < until) out.push_back({*on, until});
  }
  return normalise(std::move(out));
}

}  // namespace

Result<std::optional<Post>> find_post(Tx& tx, int64_t id, bool lock) {
  if (lock) {
    LL_TRY(auto locked, tx.query_one("SELECT id FROM duty_posts WHERE id = ? FOR UPDATE", {id}));
    if (!locked) return std::optional<Post>();
  }
  LL_TRY(auto row, tx.query_one(std::string(kPostSelect) + "WHERE p.id = ?", {id}));
  if (!row) return std::optional<Post>();
  return std::optional<Post>(post_from_row(*row));
}

Result<std::vector<Post>> posts_in(Tx& tx, const std::string& path, bool active_only) {
  LL_TRY(auto rows, tx.query(std::string(kPostSelect) + "WHERE p.org_path LIKE ? ESCAPE '\\'" +
                                 (active_only ? " AND p.active = 1" : "") +
                                 " ORDER BY p.org_path, p.sort_order, p.name, p.id",
                             {store::like_prefix(path)}));
  std::vector<Post> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(post_from_row(r));
  return out;
}

Result<int64_t> insert_post(Tx& tx, const Post& p, Instant now) {
  return tx.insert("INSERT INTO duty_posts (org_id, org_path, name, kind, phone, red_phone, radio_channel, location,"
                   " coverage_days, coverage_from, coverage_to, min_rest_minutes, sort_order, active, created_at)"
                   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                   {p.org_id, p.org_path, p.name, p.kind, p.phone, p.red_phone, p.radio_channel, p.location,
                    weekly_part(p.coverage, 0), weekly_part(p.coverage, 1), weekly_part(p.coverage, 2),
                    p.min_rest_minutes, p.sort_order, p.active, to_millis(now)});
}

Status update_post(Tx& tx, const Post& p) {
  LL_TRY(int64_t n, tx.exec("UPDATE duty_posts SET name = ?, kind = ?, phone = ?, red_phone = ?, radio_channel = ?,"
                            " location = ?, coverage_days = ?, coverage_from = ?, coverage_to = ?,"
                            " min_rest_minutes = ?, sort_order = ?, active = ?, version = version + 1"
                            " WHERE id = ? AND version = ?",
                            {p.name, p.kind, p.phone, p.red_phone, p.radio_channel, p.location,
                             weekly_part(p.coverage, 0), weekly_part(p.coverage, 1), weekly_part(p.coverage, 2),
                             p.min_rest_minutes, p.sort_order, p.active, p.id, p.version}));
  if (n != 1) return Error{ErrorCode::precondition_failed, "the post was changed meanwhile; reload it", {}};
  return {};
}

Result<std::optional<Person>> person(Tx& tx, int64_t staff_id) {
  LL_TRY(auto row, tx.query_one(std::string(kPersonSelect) + "WHERE s.id = ?", {staff_id}));
  if (!row) return std::optional<Person>();
  return std::optional<Person>(person_from_row(*row));
}

Result<std::optional<Person>> person_of_user(Tx& tx, int64_t user_id) {
  LL_TRY(auto row, tx.query_one(std::string(kPersonSelect) + "WHERE s.user_id = ?", {user_id}));
  if (!row) return std::optional<Person>();
  return std::optional<Person>(person_from_row(*row));
}

Result<std::unordered_map<int64_t, Person>> people(Tx& tx, std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::unordered_map<int64_t, Person> out;
  LL_CHECK(in_chunks(ids, [&](const std::string& in, const Params& params) -> Status {
    LL_TRY(auto rows, tx.query(std::string(kPersonSelect) + "WHERE s.id IN " + in, params));
    for (const auto& r : rows) out.emplace(r.integer(0), person_from_row(r));
    return {};
  }));
  return out;
}

Result<std::vector<std::pair<Person, std::string>>> people_in(Tx& tx, const std::string& path, const std::string& q) {
  std::string like = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') like += '\\';
    like += c;
  }
  like += '%';
  LL_TRY(auto rows, tx.query(std::string("SELECT s.id, s.name, s.user_id, s.phone, s.utility_id, s.org_path, s.active, o.name"
                                         " FROM staff s JOIN orgs o ON o.id = s.org_id") +
                                 " WHERE s.org_path LIKE ? ESCAPE '\\' AND s.active = 1 AND s.name LIKE ? ESCAPE '\\'"
                                 " ORDER BY s.org_path, s.key_post DESC, s.name, s.id LIMIT 200",
                             {store::like_prefix(path), like}));
  std::vector<std::pair<Person, std::string>> out;
  for (const auto& r : rows) out.push_back({person_from_row(r), r.text(7)});
  return out;
}

Result<std::vector<Roster>> rosters_of_post(Tx& tx, int64_t post_id) {
  LL_TRY(auto rows, tx.query("SELECT id, post_id, org_path, kind, name, version, created_at, updated_at"
                             " FROM duty_rosters WHERE post_id = ? ORDER BY kind DESC",
                             {post_id}));
  std::vector<Roster> out;
  std::vector<int64_t> member_ids;
  for (const auto& r : rows) {
    Roster roster{r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.integer(5),
                  from_millis(r.integer(6)), from_millis(r.integer(7)), {}};
    LL_TRY(auto layers, tx.query(std::string(kLayerSelect) +
                                     "WHERE l.roster_id = ? AND (l.valid_until IS NULL OR l.valid_until > l.valid_from)"
                                     " ORDER BY l.valid_from, l.level, l.id",
                                 {roster.id}));
    for (const auto& lr : layers) {
      Layer l = layer_from_row(lr);
      LL_TRY(auto members, tx.query("SELECT staff_id FROM duty_layer_members WHERE layer_id = ? ORDER BY position",
                                    {l.id}));
      for (const auto& m : members) {
        l.members.push_back(Person{m.integer(0), "", std::nullopt, std::nullopt, 0, "", true});
        member_ids.push_back(m.integer(0));
      }
      roster.layers.push_back(std::move(l));
    }
    out.push_back(std::move(roster));
  }
  LL_TRY(auto names, people(tx, member_ids));
  for (auto& roster : out)
    for (auto& l : roster.layers)
      for (auto& m : l.members)
        if (auto it = names.find(m.id); it != names.end()) m = it->second;
  return out;
}

Result<std::optional<Roster>> find_roster(Tx& tx, int64_t id, bool lock) {
  LL_TRY(auto row, tx.query_one(std::string("SELECT post_id FROM duty_rosters WHERE id = ?") +
                                    (lock ? " FOR UPDATE" : ""),
                                {id}));
  if (!row) return std::optional<Roster>();
  LL_TRY(auto all, rosters_of_post(tx, row->integer(0)));
  for (auto& r : all)
    if (r.id == id) return std::optional<Roster>(std::move(r));
  return std::optional<Roster>();
}

Result<int64_t> insert_roster(Tx& tx, const Post& post, const std::string& kind, const std::string& name, Instant now) {
  LL_TRY(auto row, tx.query_one("INSERT INTO duty_rosters (post_id, org_path, kind, name, created_at, updated_at)"
                                " VALUES (?,?,?,?,?,?) ON CONFLICT (post_id, kind) DO NOTHING RETURNING id",
                                {post.id, post.org_path, kind, name, to_millis(now), to_millis(now)}));
  if (!row) {
    Error e = Error::conflict("this post already has a " + kind + " roster; change that one instead");
    e.fields.push_back({"kind", "this post already has a " + kind + " roster"});
    return e;
  }
  return row->integer(0);
}

Result<int64_t> insert_layer(Tx& tx, int64_t roster_id, int level, const LayerInput& l, int shift_minutes,
                             Instant valid_from, Instant now) {
  LL_TRY(int64_t id, tx.insert("INSERT INTO duty_layers (roster_id, level, name, rotation, shift_minutes,"
                               " handoff_minute, starts_on, restrict_days, restrict_from, restrict_to, valid_from,"
                               " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                               {roster_id, level, l.name, l.rotation, shift_minutes, l.handoff, l.starts_on,
                                weekly_part(l.restriction, 0), weekly_part(l.restriction, 1),
                                weekly_part(l.restriction, 2), to_millis(valid_from), to_millis(now)}));
  for (size_t i = 0; i < l.members.size(); ++i)
    LL_CHECK(tx.execute("INSERT INTO duty_layer_members (layer_id, position, staff_id) VALUES (?,?,?)",
                        {id, static_cast<int64_t>(i), l.members[i]}));
  return id;
}

Status end_layers(Tx& tx, int64_t roster_id, Instant at) {
  const int64_t ms = to_millis(at);
  LL_CHECK(tx.execute("UPDATE duty_layers SET valid_until = valid_from WHERE roster_id = ? AND valid_from >= ?"
                      " AND (valid_until IS NULL OR valid_until > valid_from)",
                      {roster_id, ms}));
  return tx.execute("UPDATE duty_layers SET valid_until = ? WHERE roster_id = ? AND valid_from < ?"
                    " AND (valid_until IS NULL OR valid_until > ?)",
                    {ms, roster_id, ms, ms});
}

Status touch_roster(Tx& tx, int64_t id, const std::string& name, Instant now) {
  return tx.execute("UPDATE duty_rosters SET name = ?, version = version + 1, updated_at = ? WHERE id = ?",
                    {name, to_millis(now), id});
}

Result<std::vector<Override>> overrides(Tx& tx, const std::string& where, const Params& params) {
  LL_TRY(auto rows, tx.query(std::string(kOverrideSelect) + where, params));
  std::vector<int64_t> ids;
  for (const auto& r : rows) {
    ids.push_back(r.integer(7));
    if (!r.is_null(8)) ids.push_back(r.integer(8));
  }
  LL_TRY(auto names, people(tx, ids));
  auto who = [&](int64_t id) {
    auto it = names.find(id);
    return it == names.end() ? Person{id, "", std::nullopt, std::nullopt, 0, "", true} : it->second;
  };
  std::vector<Override> out;
  for (const auto& r : rows) {
    Override o;
    o.id = r.integer(0);
    o.post_id = r.integer(1);
    o.post_name = r.text(2);
    o.org_path = r.text(3);
    o.kind = r.text(4);
    o.span = {from_millis(r.integer(5)), from_millis(r.integer(6))};
    o.person = who(r.integer(7));
    if (!r.is_null(8)) o.replaces = who(r.integer(8));
    o.reason = r.text(9);
    o.state = r.text(10);
    o.requested_by_name = r.text(11);
    o.decided_by_name = r.opt_text(12);
    o.decision_note = r.opt_text(13);
    if (!r.is_null(14)) o.decided_at = from_millis(r.integer(14));
    o.created_at = from_millis(r.integer(15));
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::optional<Override>> find_override(Tx& tx, int64_t id) {
  LL_TRY(auto found, overrides(tx, "WHERE v.id = ?", {id}));
  if (found.empty()) return std::optional<Override>();
  return std::optional<Override>(std::move(found[0]));
}

Result<std::vector<int64_t>> overlapping_overrides(Tx& tx, int64_t post_id, Span span) {
  LL_TRY(auto rows, tx.query("SELECT id FROM duty_overrides WHERE post_id = ? AND state IN ('requested', 'approved')"
                             " AND starts_at < ? AND ends_at > ? ORDER BY starts_at",
                             {post_id, to_millis(span.until), to_millis(span.from)}));
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.integer(0));
  return out;
}

Result<std::vector<PostPlan>> plans(Tx& tx, const std::vector<Post>& posts, Span span) {
  std::vector<PostPlan> out;
  std::unordered_map<int64_t, size_t> index;
  std::vector<int64_t> ids;
  LL_TRY(auto emergencies, emergency::repo::list(tx, std::nullopt));
  for (const auto& p : posts) {
    PostPlan plan;
    plan.id = p.id;
    plan.org_id = p.org_id;
    plan.org_path = p.org_path;
    plan.name = p.name;
    plan.kind = p.kind;
    plan.red_phone = p.red_phone;
    plan.coverage = p.coverage;
    plan.min_rest_minutes = p.min_rest_minutes;
    plan.epidemic_spans = epidemic_spans(emergencies, p.org_path);
    index[p.id] = out.size();
    ids.push_back(p.id);
    out.push_back(std::move(plan));
  }
  const Params window{to_millis(span.until), to_millis(span.from)};
  std::unordered_map<int64_t, std::pair<size_t, bool>> rosters;  // roster → (post index, epidemic)
  std::unordered_map<int64_t, LayerPlan*> layers;
  LL_CHECK(in_chunks(ids, [&](const std::string& in, const Params& params) -> Status {
    LL_TRY(auto rows, tx.query("SELECT id, post_id, kind, name FROM duty_rosters WHERE post_id IN " + in, params));
    for (const auto& r : rows) {
      const size_t at = index.at(r.integer(1));
      const bool epidemic = r.text(2) == "epidemic";
      (epidemic ? out[at].epidemic : out[at].normal) = RosterPlan{r.integer(0), r.text(2), r.text(3), {}};
      rosters[r.integer(0)] = {at, epidemic};
    }
    return {};
  }));
  // Layers, then members: pointers into the plans stay valid once every layer is in.
  LL_CHECK(in_chunks(ids, [&](const std::string& in, const Params& params) -> Status {
    LL_TRY(auto rows, tx.query(std::string(kLayerSelect) +
                                   "JOIN duty_rosters r ON r.id = l.roster_id WHERE r.post_id IN " + in +
                                   " AND l.valid_from < ? AND (l.valid_until IS NULL OR l.valid_until > ?)"
                                   " AND (l.valid_until IS NULL OR l.valid_until > l.valid_from)",
                               join(params, window)));
    for (const auto& r : rows) {
      const auto [at, epidemic] = rosters.at(r.integer(1));
      const Layer l = layer_from_row(r);
      LayerPlan lp;
      lp.id = l.id;
      lp.level = l.level;
      lp.name = l.name;
      lp.rotation = l.rotation;
      lp.anchor = civil_at(l.starts_on, l.handoff);
      lp.shift_minutes = l.shift_minutes;
      lp.restriction = l.restriction;
      lp.valid_from = l.valid_from;
      lp.valid_until = l.valid_until;
      (epidemic ? out[at].epidemic : out[at].normal)->layers.push_back(std::move(lp));
    }
    return {};
  }));
  for (auto& plan : out)
    for (auto* roster : {plan.normal ? &*plan.normal : nullptr, plan.epidemic ? &*plan.epidemic : nullptr})
      if (roster)
        for (auto& l : roster->layers) layers[l.id] = &l;
  LL_CHECK(in_chunks(ids, [&](const std::string& in, const Params& params) -> Status {
    LL_TRY(auto rows, tx.query("SELECT m.layer_id, m.staff_id FROM duty_layer_members m"
                               " JOIN duty_layers l ON l.id = m.layer_id JOIN duty_rosters r ON r.id = l.roster_id"
                               " WHERE r.post_id IN " + in +
                                   " AND l.valid_from < ? AND (l.valid_until IS NULL OR l.valid_until > ?)"
                                   " ORDER BY m.layer_id, m.position",
                               join(params, window)));
    for (const auto& r : rows)
      if (auto it = layers.find(r.integer(0)); it != layers.end()) it->second->members.push_back(r.integer(1));
    return {};
  }));
  LL_CHECK(in_chunks(ids, [&](const std::string& in, const Params& params) -> Status {
    LL_TRY(auto rows, tx.query("SELECT id, post_id, kind, starts_at, ends_at, staff_id, replaces_staff_id"
                               " FROM duty_overrides WHERE post_id IN " + in +
                                   " AND state = 'approved' AND starts_at < ? AND ends_at > ? ORDER BY starts_at",
                               join(params, window)));
    for (const auto& r : rows)
      out[index.at(r.integer(1))].overrides.push_back({r.integer(0), r.text(2),
                                                       {from_millis(r.integer(3)), from_millis(r.integer(4))},
                                                       r.integer(5), r.opt_integer(6)});
    return {};
  }));
  return out;
}

}  // namespace lifeline::app::duty::repo

#include "app/duty/rosters.h"

#include "app/audit/audit.h"
#include "app/duty/access.h"
#include "app/duty/json.h"
#include "app/duty/repo.h"

namespace lifeline::app::duty {

using store::Tx;
using store::TxMode;

namespace {

constexpr int kMinShift = 30, kMaxShift = 28 * 1440;

// The shift length of a layer, or the problems with it.
std::optional<int> shift_length(const LayerInput& l, const std::string& prefix, std::vector<FieldError>& errors) {
  if (l.rotation == "custom") {
    if (!l.shift_minutes) {
      errors.push_back({prefix + "shift_minutes", "a custom rotation needs its shift length in minutes"});
      return std::nullopt;
    }
    if (*l.shift_minutes <= 0) {
      errors.push_back({prefix + "shift_minutes", "a rotation of zero length turns nobody on duty"});
      return std::nullopt;
    }
    if (*l.shift_minutes < kMinShift || *l.shift_minutes > kMaxShift) {
      errors.push_back({prefix + "shift_minutes", "must be between 30 minutes and 28 days"});
      return std::nullopt;
    }
    return *l.shift_minutes;
  }
  const int standard = rotation_minutes(l.rotation);
  if (standard == 0) return std::nullopt;  // the reader named the rotation already
  if (l.shift_minutes && *l.shift_minutes != standard) {
    errors.push_back({prefix + "shift_minutes", "is fixed by the rotation " + l.rotation + " (" +
                                                    std::to_string(standard) + "); use custom for another length"});
    return std::nullopt;
  }
  return standard;
}

// Checks every layer; returns their shift lengths.
Result<std::vector<int>> validate(Tx& tx, const Zone& zone, const Post& post, const std::vector<LayerInput>& layers) {
  std::vector<FieldError> errors;
  std::vector<int> lengths;
  if (layers.empty()) errors.push_back({"layers", "a roster without layers has nobody on it"});
  for (size_t i = 0; i < layers.size(); ++i) {
    const auto& l = layers[i];
    const std::string prefix = "layers/" + std::to_string(i) + "/";
    lengths.push_back(shift_length(l, prefix, errors).value_or(0));
    if (l.members.empty()) errors.push_back({prefix + "members", "a layer needs at least one person"});
    if (l.restriction && l.restriction->leaves_nothing())
      errors.push_back({prefix + "restriction", "this restriction leaves nothing: no days, or a window of no length"});
    if (!l.starts_on.empty()) {
      auto anchor = zone.exact(civil_at(l.starts_on, l.handoff), prefix + "handoff");
      if (!anchor) errors.insert(errors.end(), anchor.error().fields.begin(), anchor.error().fields.end());
    }
    for (size_t j = 0; j < l.members.size(); ++j) {
      auto person = person_for_post(tx, post, l.members[j], prefix + "members/" + std::to_string(j));
      if (!person) errors.insert(errors.end(), person.error().fields.begin(), person.error().fields.end());
    }
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return lengths;
}

Status insert_layers(Tx& tx, const Zone& zone, int64_t roster_id, const std::vector<LayerInput>& layers,
                     const std::vector<int>& lengths, std::optional<Instant> from, Instant now) {
  for (size_t i = 0; i < layers.size(); ++i) {
    // A new roster's layer starts at its anchor; a changed roster's layers at the change.
    const Instant start = from.value_or(zone.instant(civil_at(layers[i].starts_on, layers[i].handoff)));
    LL_TRY(int64_t id, repo::insert_layer(tx, roster_id, static_cast<int>(i) + 1, layers[i], lengths[i], start, now));
    (void)id;
  }
  return {};
}

nlohmann::json audit_json(const Roster& r) { return to_json(r); }

}  // namespace

Result<std::vector<Roster>> Rosters::list(const Actor& actor, std::optional<int64_t> post, std::optional<int64_t> org) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Roster>> {
    std::vector<Post> posts;
    if (post) {
      LL_TRY(auto p, visible_post(tx, actor, *post));
      posts.push_back(std::move(p));
    } else {
      LL_TRY(auto unit, unit_in_scope(tx, actor, org));
      LL_TRY(posts, repo::posts_in(tx, unit.path));
    }
    std::vector<Roster> out;
    for (const auto& p : posts) {
      LL_TRY(auto rs, repo::rosters_of_post(tx, p.id));
      for (auto& r : rs) out.push_back(std::move(r));
    }
    return out;
  });
}

Result<Roster> Rosters::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Roster> {
    LL_TRY(auto r, repo::find_roster(tx, id));
    if (!r || !actor.sees(r->org_path)) return Error::not_found("no such roster");
    return std::move(*r);
  });
}

Result<Roster> Rosters::create(const Actor& actor, const NewRoster& in) {
  if (!actor.can(Permission::duty_manage)) return Error::forbidden();
  if (in.kind != "normal" && in.kind != "epidemic") return Error::invalid("kind", "must be normal or epidemic");
  const Instant now = rt_.clock.now();
  const Zone zone = zone_of(rt_);
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Roster> {
    LL_TRY(auto post, visible_post(tx, actor, in.post_id, true));
    LL_TRY(auto lengths, validate(tx, zone, post, in.layers));
    const std::string name = in.name.empty() ? (in.kind == "epidemic" ? "疫情防控值班表" : "值班表") : in.name;
    LL_TRY(int64_t id, repo::insert_roster(tx, post, in.kind, name, now));
    LL_CHECK(insert_layers(tx, zone, id, in.layers, lengths, std::nullopt, now));
    LL_TRY(auto stored, repo::find_roster(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"duty.roster.create", "duty_roster", std::to_string(id), post.org_id, post.org_path,
                            nullptr, audit_json(*stored)}));
    return std::move(*stored);
  });
}

Result<Roster> Rosters::change(const Actor& actor, int64_t id, const RosterChange& in,
                               std::optional<int64_t> expected_version) {
  if (!actor.can(Permission::duty_manage)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  const Zone zone = zone_of(rt_);
  if (in.effective_from && *in.effective_from < now - std::chrono::minutes(5))
    return Error::invalid("effective_from", "the past schedule stays as it was; change it from now on, or add an override");
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Roster> {
    LL_TRY(auto before, repo::find_roster(tx, id, true));
    if (!before || !actor.sees(before->org_path)) return Error::not_found("no such roster");
    if (expected_version && *expected_version != before->version)
      return Error{ErrorCode::precondition_failed, "the roster was changed meanwhile; reload it", {}};
    LL_TRY(auto post, visible_post(tx, actor, before->post_id, true));
    LL_TRY(auto lengths, validate(tx, zone, post, in.layers));
    const Instant from = in.effective_from.value_or(now);
    LL_CHECK(repo::end_layers(tx, id, from));
    LL_CHECK(insert_layers(tx, zone, id, in.layers, lengths, from, now));
    LL_CHECK(repo::touch_roster(tx, id, in.name.value_or(before->name), now));
    LL_TRY(auto stored, repo::find_roster(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"duty.roster.change", "duty_roster", std::to_string(id), post.org_id, post.org_path,
                            audit_json(*before), audit_json(*stored)}));
    return std::move(*stored);
  });
}

}  // namespace lifeline::app::duty

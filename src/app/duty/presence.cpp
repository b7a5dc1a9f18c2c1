#include "app/duty/presence.h"

#include "app/audit/audit.h"
#include "app/duty/access.h"
#include "app/duty/board.h"
#include "app/duty/json.h"
#include "app/duty/repo.h"
#include "app/duty/schedule.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::duty {

using std::chrono::hours;
using store::Tx;
using store::TxMode;

namespace {

constexpr auto kHorizon = hours(24 * 31);

struct Found {
  Post post;
  Span shift;
  bool now = false;
};

// The caller's run at a post at `now` (or the next one within `ahead`).
std::optional<Found> run_of(const Zone& zone, const Post& post, const PostPlan& plan, int64_t person, Instant now,
                            std::chrono::milliseconds ahead) {
  if (auto run = on_duty_at(zone, plan, now, kHorizon); run && run->person == person)
    return Found{post, run->span, true};
  for (const auto& r : runs(final_schedule(zone, plan, {now, now + ahead + hours(1)})))
    if (r.person == person && r.span.from > now && r.span.from <= now + ahead) {
      auto whole = on_duty_at(zone, plan, r.span.from, kHorizon);
      return Found{post, whole ? whole->span : r.span, false};
    }
  return std::nullopt;
}

// Where the person is on duty now, else their next shift within `ahead` (the nearest).
Result<std::optional<Found>> find_shift(Tx& tx, const Zone& zone, const Person& person, std::optional<int64_t> post_id,
                                        const Actor& actor, Instant now, std::chrono::milliseconds ahead) {
  std::vector<Post> posts;
  if (post_id) {
    LL_TRY(auto p, visible_post(tx, actor, *post_id));
    posts.push_back(std::move(p));
  } else {
    LL_TRY(auto utility, tx.query_one("SELECT path FROM orgs WHERE id = ?", {person.utility_id}));
    if (!utility) return std::optional<Found>();
    LL_TRY(posts, repo::posts_in(tx, utility->text(0)));
  }
  LL_TRY(auto plans, repo::plans(tx, posts, {now - kHorizon - hours(24), now + kHorizon + hours(24)}));
  std::optional<Found> best;
  for (size_t i = 0; i < posts.size(); ++i) {
    auto f = run_of(zone, posts[i], plans[i], person.id, now, ahead);
    if (!f) continue;
    if (!best || (f->now && !best->now) || (f->now == best->now && f->shift.from < best->shift.from)) best = f;
  }
  return best;
}

Result<std::optional<ShiftCheckin>> load_checkin(Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto row, tx.query_one("SELECT c.id, c.post_id, p.name, c.staff_id, c.shift_start, c.shift_end,"
                                " c.checked_in_at, c.late FROM duty_shift_checkins c"
                                " JOIN duty_posts p ON p.id = c.post_id " + where,
                                params));
  if (!row) return std::optional<ShiftCheckin>();
  LL_TRY(auto person, repo::person(tx, row->integer(3)));
  ShiftCheckin c;
  c.id = row->integer(0);
  c.post_id = row->integer(1);
  c.post_name = row->text(2);
  if (person) c.person = *person;
  c.shift = {from_millis(row->integer(4)), from_millis(row->integer(5))};
  c.checked_in_at = from_millis(row->integer(6));
  c.late = row->boolean(7);
  return std::optional<ShiftCheckin>(std::move(c));
}

}  // namespace

nlohmann::json to_json(const ShiftCheckin& c) {
  return {{"id", c.id},
          {"post", {{"id", c.post_id}, {"name", c.post_name}}},
          {"person", person_ref(c.person)},
          {"shift_from", format_instant(c.shift.from)},
          {"shift_until", format_instant(c.shift.until)},
          {"checked_in_at", format_instant(c.checked_in_at)},
          {"late", c.late}};
}

nlohmann::json to_json(const SpotCheck& s) {
  return {{"id", s.id},
          {"post", {{"id", s.post_id}, {"name", s.post_name}}},
          {"at", format_instant(s.at)},
          {"answered", s.answered},
          {"answered_by", s.answered_by ? nlohmann::json(*s.answered_by) : nlohmann::json()},
          {"note", s.note ? nlohmann::json(*s.note) : nlohmann::json()},
          {"on_duty", person_ref(s.on_duty)},
          {"checked_by_name", s.checked_by_name}};
}

Result<MyShift> Presence::mine(const Actor& actor) {
  if (!actor.can(Permission::duty_self)) return Error::forbidden();
  const Zone zone = zone_of(rt_);
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<MyShift> {
    MyShift out;
    LL_TRY(out.person, person_of(tx, actor));
    if (!out.person) return out;
    LL_TRY(auto found, find_shift(tx, zone, *out.person, std::nullopt, actor, now, hours(48)));
    if (!found) return out;
    out.post = found->post;
    out.shift = found->shift;
    out.now = found->now;
    LL_TRY(out.checkin, load_checkin(tx, "WHERE c.post_id = ? AND c.staff_id = ? AND c.shift_start = ?",
                                     {found->post.id, out.person->id, to_millis(found->shift.from)}));
    return out;
  });
}

Result<Answer> Presence::check_in(const Actor& actor, std::optional<int64_t> post, const Retry& retry) {
  if (!actor.can(Permission::duty_self)) return Error::forbidden();
  const Zone zone = zone_of(rt_);
  const Instant now = rt_.clock.now();
  auto outcome = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Answer> {
    LL_TRY(auto earlier, earlier_answer(tx, idem_, actor, retry));
    if (earlier) return *earlier;
    LL_TRY(auto self, person_of(tx, actor));
    if (!self) return Error::forbidden("your login is not on the staff register; ask the health officer to link it");
    LL_TRY(auto found, find_shift(tx, zone, *self, post, actor, now, kEarlyCheckin));
    if (!found)
      return Error{ErrorCode::conflict, "you are not on duty now (nor within 30 minutes)",
                   {{"post_id", "you are not on duty at this post now"}}};
    const bool late = now > found->shift.from + kLateAfter;
    LL_TRY(auto inserted, tx.query_one("INSERT INTO duty_shift_checkins (post_id, org_path, staff_id, shift_start,"
                                       " shift_end, checked_in_at, late, user_id) VALUES (?,?,?,?,?,?,?,?)"
                                       " ON CONFLICT (post_id, staff_id, shift_start) DO NOTHING RETURNING id",
                                       {found->post.id, found->post.org_path, self->id, to_millis(found->shift.from),
                                        to_millis(found->shift.until), to_millis(now), late, actor.user_id}));
    LL_TRY(auto stored, load_checkin(tx, "WHERE c.post_id = ? AND c.staff_id = ? AND c.shift_start = ?",
                                     {found->post.id, self->id, to_millis(found->shift.from)}));
    if (!stored) return Error::internal("check-in vanished");
    Answer answer{inserted ? 201 : 200, to_json(*stored).dump()};
    if (inserted)
      LL_CHECK(audit::record(tx, actor, now,
                             {"duty.shift.checkin", "duty_shift_checkin", std::to_string(stored->id),
                              found->post.org_id, found->post.org_path, nullptr, to_json(*stored)}));
    LL_CHECK(remember_answer(tx, idem_, actor, retry, answer, now));
    return answer;
  });
  return settle(rt_.db, idem_, actor, retry, std::move(outcome));
}

Result<SpotCheck> Presence::spot_check(const Actor& actor, const NewSpotCheck& in) {
  if (!actor.can(Permission::duty_manage) && !actor.can(Permission::supervision_conduct)) return Error::forbidden();
  const Zone zone = zone_of(rt_);
  const Instant now = rt_.clock.now();
  const Instant at = in.at.value_or(now);
  if (at > now + std::chrono::minutes(5)) return Error::invalid("at", "must not be in the future");
  if (at < now - hours(24 * 7)) return Error::invalid("at", "record a spot check within a week");
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<SpotCheck> {
    LL_TRY(auto post, visible_post(tx, actor, in.post_id));
    LL_TRY(auto plans, repo::plans(tx, {post}, {at - kHorizon - hours(24), at + kHorizon + hours(24)}));
    std::optional<Person> on;
    if (auto run = on_duty_at(zone, plans[0], at, kHorizon)) {
      LL_TRY(on, repo::person(tx, *run->person));
    }
    LL_TRY(int64_t id, tx.insert("INSERT INTO duty_spot_checks (post_id, org_path, at, answered, answered_by, staff_id,"
                                 " note, checked_by, checked_by_name, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
                                 " RETURNING id",
                                 {post.id, post.org_path, to_millis(at), in.answered, in.answered_by,
                                  on ? store::Value(on->id) : store::Value(), in.note,
                                  actor.user_id ? store::Value(actor.user_id) : store::Value(), actor.display_name,
                                  to_millis(now)}));
    SpotCheck s{id, post.id, post.name, at, in.answered, in.answered_by, in.note, on, actor.display_name};
    LL_CHECK(audit::record(tx, actor, now,
                           {"duty.spot_check", "duty_spot_check", std::to_string(id), post.org_id, post.org_path,
                            nullptr, to_json(s)}));
    return s;
  });
}

Result<std::vector<SpotCheck>> Presence::spot_checks(const Actor& actor, std::optional<int64_t> org,
                                                     const std::string& from, const std::string& to) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  const Zone zone = zone_of(rt_);
  LL_TRY(auto span, parse_span(zone, from, to));
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<SpotCheck>> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, org));
    LL_TRY(auto rows, tx.query("SELECT s.id, s.post_id, p.name, s.at, s.answered, s.answered_by, s.note, s.staff_id,"
                               " s.checked_by_name FROM duty_spot_checks s JOIN duty_posts p ON p.id = s.post_id"
                               " WHERE s.org_path LIKE ? ESCAPE '\\' AND s.at >= ? AND s.at < ?"
                               " ORDER BY s.at DESC LIMIT 500",
                               {store::like_prefix(unit.path), to_millis(span.from), to_millis(span.until)}));
    std::vector<int64_t> ids;
    for (const auto& r : rows)
      if (!r.is_null(7)) ids.push_back(r.integer(7));
    LL_TRY(auto people, repo::people(tx, ids));
    std::vector<SpotCheck> out;
    for (const auto& r : rows) {
      std::optional<Person> on;
      if (!r.is_null(7))
        if (auto it = people.find(r.integer(7)); it != people.end()) on = it->second;
      out.push_back({r.integer(0), r.integer(1), r.text(2), from_millis(r.integer(3)), r.boolean(4), r.opt_text(5),
                     r.opt_text(6), on, r.text(8)});
    }
    return out;
  });
}

Result<std::vector<PostPresence>> presence_in(Tx& tx, const Zone& zone, const std::string& path, Span span,
                                              Instant now) {
  LL_TRY(auto posts, repo::posts_in(tx, path));
  // Shifts that started in the period (and by now).
  const Span started{span.from, std::min(span.until, now)};
  std::vector<PostPresence> out;
  std::unordered_map<int64_t, size_t> index;
  for (const auto& p : posts) {
    index[p.id] = out.size();
    out.push_back({p, 0, 0, 0, 0, 0});
  }
  if (started.empty()) return out;
  LL_TRY(auto plans, repo::plans(tx, posts, {started.from - hours(24), started.until}));
  for (size_t i = 0; i < plans.size(); ++i)
    for (const auto& r : runs(final_schedule(zone, plans[i], {started.from - hours(24), started.until})))
      if (r.person && r.span.from >= started.from) ++out[i].shifts;
  LL_TRY(auto checkins, tx.query("SELECT post_id, COUNT(*), SUM(late) FROM duty_shift_checkins"
                                 " WHERE org_path LIKE ? ESCAPE '\\' AND shift_start >= ? AND shift_start < ?"
                                 " GROUP BY post_id",
                                 {store::like_prefix(path), to_millis(started.from), to_millis(started.until)}));
  for (const auto& r : checkins)
    if (auto it = index.find(r.integer(0)); it != index.end()) {
      out[it->second].checked_in = r.integer(1);
      out[it->second].late = r.integer(2);
    }
  LL_TRY(auto checks, tx.query("SELECT post_id, COUNT(*), SUM(answered) FROM duty_spot_checks"
                               " WHERE org_path LIKE ? ESCAPE '\\' AND at >= ? AND at < ? GROUP BY post_id",
                               {store::like_prefix(path), to_millis(span.from), to_millis(span.until)}));
  for (const auto& r : checks)
    if (auto it = index.find(r.integer(0)); it != index.end()) {
      out[it->second].spot_checks = r.integer(1);
      out[it->second].answered = r.integer(2);
    }
  return out;
}

Result<std::vector<PostPresence>> Presence::rates(const Actor& actor, std::optional<int64_t> org,
                                                  const std::string& from, const std::string& to) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  const Zone zone = zone_of(rt_);
  const Instant now = rt_.clock.now();
  LL_TRY(auto span, parse_span(zone, from, to));
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<PostPresence>> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, org));
    return presence_in(tx, zone, unit.path, span, now);
  });
}

}  // namespace lifeline::app::duty

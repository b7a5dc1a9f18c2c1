#include "app/duty/board.h"

#include <algorithm>

#include "app/duty/access.h"
#include "app/duty/repo.h"
#include "app/duty/schedule.h"
#include "app/health/fitness.h"
#include "core/local_time.h"

namespace lifeline::app::duty {

using store::Tx;
using store::TxMode;

namespace {

using std::chrono::hours;

constexpr auto kYear = hours(24 * 366);
// The schedule answers at most this many post-days at once (1,000 posts × 100 days).
constexpr int64_t kMaxPostDays = 100000;
// The horizon "on duty now" looks either side for the ends of a run.
constexpr auto kHorizon = hours(24 * 31);

void add_names(const PostPlan& plan, Names& names) {
  for (const RosterPlan* r : {plan.normal ? &*plan.normal : nullptr, plan.epidemic ? &*plan.epidemic : nullptr}) {
    if (!r) continue;
    names.rosters[r->id] = {r->kind, r->name};
    for (const auto& l : r->layers) names.layers[l.id] = {l.name, l.level};
  }
}

// The path whose register holds the people a unit's posts may roster: its utility's.
Result<std::string> register_path(Tx& tx, const std::string& unit_path) {
  LL_TRY(auto row, tx.query_one("SELECT path FROM orgs WHERE kind = 'utility' AND ? LIKE (path || '%')"
                                " ORDER BY LENGTH(path) LIMIT 1",
                                {unit_path}));
  return row ? row->text(0) : unit_path;
}

LocalTime local_of(const Zone& zone) {
  auto l = LocalTime::load(zone.name());
  return l ? *l : *LocalTime::load("Asia/Shanghai");
}

bool order(const OnDuty& a, const OnDuty& b) {
  // The red phone first, then the leader on duty, then the unit's order.
  if (a.post.red_phone != b.post.red_phone) return a.post.red_phone;
  if (a.post.leader() != b.post.leader()) return a.post.leader();
  if (a.post.org_path != b.post.org_path) return a.post.org_path < b.post.org_path;
  if (a.post.sort_order != b.post.sort_order) return a.post.sort_order < b.post.sort_order;
  return a.post.id < b.post.id;
}

Result<std::vector<OnDuty>> on_duty(Tx& tx, const Zone& zone, const std::vector<Post>& posts, Instant now) {
  LL_TRY(auto plans, repo::plans(tx, posts, {now - kHorizon - hours(24), now + kHorizon + hours(24)}));
  std::vector<OnDuty> out;
  std::vector<int64_t> ids;
  for (size_t i = 0; i < posts.size(); ++i) {
    OnDuty d{posts[i], std::nullopt, std::nullopt};
    if (auto run = on_duty_at(zone, plans[i], now, kHorizon)) {
      d.span = run->span;
      d.person = Person{*run->person, "", std::nullopt, std::nullopt, 0, "", true};
      ids.push_back(*run->person);
    }
    out.push_back(std::move(d));
  }
  LL_TRY(auto people, repo::people(tx, ids));
  for (auto& d : out)
    if (d.person)
      if (auto it = people.find(d.person->id); it != people.end()) d.person = it->second;
  std::stable_sort(out.begin(), out.end(), order);
  return out;
}

}  // namespace

Result<Span> parse_span(const Zone& zone, const std::string& from, const std::string& to) {
  if (from.empty()) return Error::invalid("from", "is required");
  if (to.empty()) return Error::invalid("to", "is required");
  auto a = parse_time(from, zone, "from");
  auto b = parse_time(to, zone, "to", true);
  if (!a || !b) {
    std::vector<FieldError> errors;
    if (!a) errors.insert(errors.end(), a.error().fields.begin(), a.error().fields.end());
    if (!b) errors.insert(errors.end(), b.error().fields.begin(), b.error().fields.end());
    return Error::invalid(std::move(errors));
  }
  if (*b <= *a) return Error::invalid("to", "must be after from");
  if (*b - *a > kYear) return Error::invalid("to", "an interval longer than a year");
  return Span{*a, *b};
}

Result<ScheduleView> Board::schedule(const Actor& actor, const Interval& q) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  const Zone zone = zone_of(rt_);
  LL_TRY(auto span, parse_span(zone, q.from, q.to));
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<ScheduleView> {
    ScheduleView v;
    v.span = span;
    if (q.post) {
      LL_TRY(auto p, visible_post(tx, actor, *q.post));
      v.posts.push_back(std::move(p));
    } else {
      LL_TRY(auto unit, unit_in_scope(tx, actor, q.org));
      LL_TRY(v.posts, repo::posts_in(tx, unit.path));
    }
    const int64_t days = std::chrono::duration_cast<hours>(span.until - span.from).count() / 24 + 1;
    if (days * static_cast<int64_t>(v.posts.size()) > kMaxPostDays)
      return Error::invalid("to", "too much at once: ask for fewer days or a smaller unit");
    LL_TRY(auto plans, repo::plans(tx, v.posts, span));
    std::vector<int64_t> ids;
    for (const auto& plan : plans) {
      add_names(plan, v.names);
      v.segments.push_back(final_schedule(zone, plan, span));
      for (const auto& s : v.segments.back())
        if (s.person) ids.push_back(*s.person);
    }
    LL_TRY(v.names.people, repo::people(tx, ids));
    return v;
  });
}

Result<std::vector<Problem>> Board::problems_of(Tx& tx, const Zone& zone, const std::vector<Post>& posts,
                                                const std::string& register_path, Span span) {
  // A day either side: rest before the first shift and after the last counts.
  const Span wide{span.from - hours(24), span.until + hours(24)};
  LL_TRY(auto plans, repo::plans(tx, posts, wide));
  std::vector<PostSchedule> schedules;
  schedules.reserve(plans.size());
  for (const auto& plan : plans) schedules.push_back({&plan, final_schedule(zone, plan, wide)});
  LL_TRY(auto unfit_rows, health::unfit_people(tx, register_path, zone.date(wide.from),
                                               zone.date(wide.until - std::chrono::milliseconds(1)), local_of(zone)));
  UnfitIndex unfit;
  for (const auto& u : unfit_rows) unfit[u.staff_id][u.day] = u.reason;
  return find_problems(zone, schedules, unfit, span);
}

Result<std::vector<Problem>> Board::problems_in(Tx& tx, const Zone& zone, const std::string& path, Span span,
                                                std::vector<Post>* posts_out) {
  LL_TRY(auto posts, repo::posts_in(tx, path));
  LL_TRY(auto reg, register_path(tx, path));
  LL_TRY(auto found, problems_of(tx, zone, posts, reg, span));
  if (posts_out) *posts_out = std::move(posts);
  return found;
}

Result<ProblemsView> Board::problems(const Actor& actor, const Interval& q) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  const Zone zone = zone_of(rt_);
  LL_TRY(auto span, parse_span(zone, q.from, q.to));
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<ProblemsView> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, q.org));
    ProblemsView v;
    v.span = span;
    LL_TRY(v.problems, problems_in(tx, zone, unit.path, span, &v.posts));
    if (q.post) std::erase_if(v.problems, [&](const Problem& p) { return p.post != *q.post; });
    std::vector<int64_t> ids;
    for (const auto& p : v.problems) {
      if (p.person) ids.push_back(*p.person);
      if (p.suggestion) ids.push_back(*p.suggestion);
    }
    LL_TRY(v.people, repo::people(tx, ids));
    LL_TRY(auto self, person_of(tx, actor));
    for (const auto& [id, person] : v.people)
      v.health_visible[id] = (self && self->id == id) ||
                             (actor.can(Permission::health_records) && actor.sees(person.org_path));
    return v;
  });
}

Result<std::vector<OnDuty>> Board::now(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  const Zone zone = zone_of(rt_);
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<OnDuty>> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, org));
    LL_TRY(auto posts, repo::posts_in(tx, unit.path));
    return on_duty(tx, zone, posts, now);
  });
}

Result<HeaderView> Board::header(const Actor& actor) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  const Zone zone = zone_of(rt_);
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<HeaderView> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, std::nullopt));
    HeaderView v{unit.id, unit.name, std::nullopt, std::nullopt};
    // The unit's own red phone and leader, else the nearest above it.
    std::vector<std::string> paths;
    for (size_t i = 1; i < unit.path.size(); ++i)
      if (unit.path[i] == '/') paths.push_back(unit.path.substr(0, i + 1));
    std::string sql = "SELECT id FROM duty_posts WHERE active = 1 AND (red_phone = 1 OR kind = 'leader') AND org_path IN (";
    store::Params params;
    for (size_t i = 0; i < paths.size(); ++i) {
      sql += i ? ",?" : "?";
      params.emplace_back(paths[i]);
    }
    LL_TRY(auto rows, tx.query(sql + ")", params));
    std::vector<Post> posts;
    for (const auto& r : rows) {
      LL_TRY(auto p, repo::find_post(tx, r.integer(0)));
      if (p) posts.push_back(std::move(*p));
    }
    LL_TRY(auto duties, on_duty(tx, zone, posts, now));
    for (auto& d : duties) {
      auto deeper = [&](const std::optional<OnDuty>& have) {
        return !have || d.post.org_path.size() > have->post.org_path.size();
      };
      if (d.post.red_phone && deeper(v.red_phone)) v.red_phone = d;
      if (d.post.leader() && deeper(v.leader)) v.leader = d;
    }
    return v;
  });
}

Result<std::vector<RegimeEntry>> Board::regimes(const Actor& actor, int64_t post_id) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<RegimeEntry>> {
    LL_TRY(auto post, visible_post(tx, actor, post_id));
    const Span all{Instant{}, Instant::max()};
    LL_TRY(auto plans, repo::plans(tx, {post}, all));
    const auto& plan = plans.at(0);
    // From the first layer the post ever had (or its creation) on.
    Instant start = post.created_at;
    for (const RosterPlan* r : {plan.normal ? &*plan.normal : nullptr, plan.epidemic ? &*plan.epidemic : nullptr})
      if (r)
        for (const auto& l : r->layers) start = std::min(start, l.valid_from);
    for (const auto& s : plan.epidemic_spans) start = std::min(start, s.from);
    std::vector<RegimeEntry> out;
    for (const auto& piece : duty::regimes(plan, {start, Instant::max()})) {
      const RosterPlan* r = plan.normal ? &*plan.normal : nullptr;
      if (piece.epidemic && plan.epidemic) r = &*plan.epidemic;
      RegimeEntry e{piece.span, piece.epidemic, std::nullopt, ""};
      if (r) {
        e.roster_id = r->id;
        e.roster_name = r->name;
      }
      out.push_back(std::move(e));
    }
    return out;
  });
}

}  // namespace lifeline::app::duty

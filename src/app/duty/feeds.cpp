#include "app/duty/feeds.h"

#include <algorithm>
#include <cstdio>

#include "app/accounts/secrets.h"
#include "app/audit/audit.h"
#include "app/duty/access.h"
#include "app/duty/ics.h"
#include "app/duty/repo.h"
#include "app/duty/schedule.h"
#include "core/local_time.h"
#include "sheets/table.h"

namespace lifeline::app::duty {

using std::chrono::hours;
using store::Tx;
using store::TxMode;

namespace {

const char* const kWeekdays[] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};

std::string hhmm(const Zone& zone, Instant t, bool end_of_day) {
  const Civil c = zone.civil(t);
  if (end_of_day && c.hour() == 0 && c.minute() == 0) return "24:00";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", c.hour(), c.minute());
  return buf;
}

Result<std::vector<ics::Event>> post_events(Tx& tx, const Zone& zone, const Post& post, Span window,
                                            std::optional<int64_t> only) {
  LL_TRY(auto plans, repo::plans(tx, {post}, window));
  const auto segs = final_schedule(zone, plans[0], window);
  std::vector<int64_t> ids;
  for (const auto& s : segs)
    if (s.person) ids.push_back(*s.person);
  LL_TRY(auto people, repo::people(tx, ids));
  std::vector<ics::Event> out;
  for (const auto& r : runs(segs)) {
    if (!r.person || (only && *r.person != *only)) continue;
    auto it = people.find(*r.person);
    const std::string name = it == people.end() ? "" : it->second.name;
    ics::Event e;
    e.uid = "duty-" + std::to_string(post.id) + "-" + std::to_string(*r.person) + "-" +
            std::to_string(to_millis(r.span.from)) + "@lifeline";
    e.start = r.span.from;
    e.end = r.span.until;
    e.summary = only ? "值班：" + post.name : "值班：" + name + "（" + post.name + "）";
    e.location = post.location.value_or(post.org_name);
    if (post.phone) e.description = (post.red_phone ? "红色值班电话 " : "值班电话 ") + *post.phone;
    out.push_back(std::move(e));
  }
  return out;
}

CalendarToken token_from_row(const store::Row& r) {
  CalendarToken t;
  t.id = r.integer(0);
  t.post_id = r.opt_integer(1);
  t.kind = t.post_id ? "post" : "person";
  t.post_name = r.text(2);
  t.person_name = r.text(3);
  t.created_at = from_millis(r.integer(4));
  if (!r.is_null(5)) t.revoked_at = from_millis(r.integer(5));
  return t;
}

const char* const kTokenSelect =
    "SELECT t.id, t.post_id, COALESCE(p.name, ''), COALESCE(s.name, ''), t.created_at, t.revoked_at"
    " FROM duty_ics_tokens t LEFT JOIN duty_posts p ON p.id = t.post_id LEFT JOIN staff s ON s.id = t.staff_id ";

}  // namespace

Result<CalendarToken> Feeds::make_token(const Actor& actor, std::optional<int64_t> post) {
  if (!actor.can(Permission::duty_self) || actor.user_id == 0) return Error::forbidden();
  const Instant now = rt_.clock.now();
  const std::string token = random_token("llc_");
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<CalendarToken> {
    std::optional<int64_t> staff;
    std::string org_path = actor.org_path;
    int64_t org_id = actor.org_id;
    if (post) {
      LL_TRY(auto p, visible_post(tx, actor, *post));
      org_path = p.org_path;
      org_id = p.org_id;
    } else {
      LL_TRY(auto self, person_of(tx, actor));
      if (!self) return Error::invalid("post_id", "your login is not on the staff register: subscribe to a post instead");
      staff = self->id;
    }
    LL_TRY(int64_t id, tx.insert("INSERT INTO duty_ics_tokens (user_id, staff_id, post_id, token_hash, created_at)"
                                 " VALUES (?,?,?,?,?) RETURNING id",
                                 {actor.user_id, staff, post, token_hash(token), to_millis(now)}));
    LL_TRY(auto row, tx.query_one(std::string(kTokenSelect) + "WHERE t.id = ?", {id}));
    CalendarToken t = token_from_row(*row);
    LL_CHECK(audit::record(tx, actor, now,
                           {"duty.calendar_token.create", "duty_ics_token", std::to_string(id), org_id, org_path,
                            nullptr, {{"kind", t.kind}, {"post_id", post ? nlohmann::json(*post) : nlohmann::json()}}}));
    t.token = token;
    return t;
  });
}

Result<std::vector<CalendarToken>> Feeds::tokens(const Actor& actor) {
  if (!actor.can(Permission::duty_self)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<CalendarToken>> {
    LL_TRY(auto rows, tx.query(std::string(kTokenSelect) + "WHERE t.user_id = ? ORDER BY t.id DESC", {actor.user_id}));
    std::vector<CalendarToken> out;
    for (const auto& r : rows) out.push_back(token_from_row(r));
    return out;
  });
}

Status Feeds::revoke(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::duty_self)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.run(TxMode::write, [&](Tx& tx) -> Status {
    LL_TRY(int64_t n, tx.exec("UPDATE duty_ics_tokens SET revoked_at = ? WHERE id = ? AND user_id = ?"
                              " AND revoked_at IS NULL",
                              {to_millis(now), id, actor.user_id}));
    if (n != 1) return Error::not_found("no such calendar subscription");
    return audit::record(tx, actor, now,
                         {"duty.calendar_token.revoke", "duty_ics_token", std::to_string(id), actor.org_id,
                          actor.org_path, nullptr, nullptr});
  });
}

Result<std::string> Feeds::calendar(const std::string& token) {
  auto missing = [] { return Error::not_found("no such calendar"); };
  if (token.size() < 8 || token.size() > 200) return missing();
  const Zone zone = zone_of(rt_);
  const Instant now = rt_.clock.now();
  const Span window{now - hours(24 * 8), now + hours(24 * 56)};
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::string> {
    LL_TRY(auto row, tx.query_one("SELECT t.staff_id, t.post_id, o.path, u.disabled FROM duty_ics_tokens t"
                                  " JOIN users u ON u.id = t.user_id JOIN orgs o ON o.id = u.org_id"
                                  " WHERE t.token_hash = ? AND t.revoked_at IS NULL",
                                  {token_hash(token)}));
    if (!row || row->boolean(3)) return missing();
    const std::string scope = row->text(2);
    std::vector<ics::Event> events;
    std::string name;
    if (!row->is_null(1)) {
      LL_TRY(auto post, repo::find_post(tx, row->integer(1)));
      // The owner must still see the post.
      if (!post || !post->org_path.starts_with(scope)) return missing();
      LL_TRY(events, post_events(tx, zone, *post, window, std::nullopt));
      name = "值班表 · " + post->name;
    } else {
      const int64_t staff = row->integer(0);
      LL_TRY(auto person, repo::person(tx, staff));
      if (!person) return missing();
      name = "我的值班 · " + person->name;
      LL_TRY(auto posts, tx.query("SELECT DISTINCT r.post_id FROM duty_layer_members m"
                                  " JOIN duty_layers l ON l.id = m.layer_id JOIN duty_rosters r ON r.id = l.roster_id"
                                  " WHERE m.staff_id = ? UNION SELECT post_id FROM duty_overrides"
                                  " WHERE staff_id = ? AND state = 'approved'",
                                  {staff, staff}));
      for (const auto& p : posts) {
        LL_TRY(auto post, repo::find_post(tx, p.integer(0)));
        if (!post || !post->active) continue;
        LL_TRY(auto mine, post_events(tx, zone, *post, window, staff));
        events.insert(events.end(), mine.begin(), mine.end());
      }
      std::sort(events.begin(), events.end(), [](const ics::Event& a, const ics::Event& b) { return a.start < b.start; });
    }
    return ics::calendar(name, events, now);
  });
}

Result<WeeklyRoster> Feeds::weekly(const Actor& actor, std::optional<int64_t> org,
                                   const std::optional<std::string>& week) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  const Zone zone = zone_of(rt_);
  std::string day = zone.date(rt_.clock.now());
  if (week) {
    LL_TRY(day, parse_date(*week, "week"));
  }
  const std::string monday = format_day(civil_day(day) - weekday_index(civil_day(day)));
  const Span span{zone.start_of(monday), zone.start_of(add_days(monday, 7))};
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<WeeklyRoster> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, org));
    LL_TRY(auto posts, repo::posts_in(tx, unit.path));
    LL_TRY(auto plans, repo::plans(tx, posts, span));
    std::vector<std::vector<Segment>> all;
    std::vector<int64_t> ids;
    for (const auto& plan : plans) {
      all.push_back(final_schedule(zone, plan, span));
      for (const auto& s : all.back())
        if (s.person) ids.push_back(*s.person);
    }
    LL_TRY(auto people, repo::people(tx, ids));
    sheets::Sheet roster{"值班表", {"岗位", "单位", "值班电话"}, {}};
    for (int d = 0; d < 7; ++d) roster.header.push_back(std::string(kWeekdays[d]) + " " + add_days(monday, d).substr(5));
    sheets::Sheet phones{"岗位电话", {"岗位", "单位", "值班电话", "红色值班电话", "对讲频道", "地点"}, {}};
    for (size_t i = 0; i < posts.size(); ++i) {
      const Post& p = posts[i];
      std::vector<sheets::Cell> row{p.name, p.org_name, p.phone.value_or("")};
      for (int d = 0; d < 7; ++d) {
        const Span today{zone.start_of(add_days(monday, d)), zone.start_of(add_days(monday, d + 1))};
        std::string cell;
        for (const auto& r : runs(all[i])) {
          const Span part{std::max(r.span.from, today.from), std::min(r.span.until, today.until)};
          if (part.empty() || !r.person) continue;
          auto it = people.find(*r.person);
          if (!cell.empty()) cell += "\n";
          cell += hhmm(zone, part.from, false) + "–" + hhmm(zone, part.until, true) + " " +
                  (it == people.end() ? "" : it->second.name);
        }
        row.emplace_back(cell.empty() ? std::string("（空岗）") : cell);
      }
      roster.rows.push_back(std::move(row));
      phones.rows.push_back({p.name, p.org_name, p.phone.value_or(""), std::string(p.red_phone ? "是" : ""),
                             p.radio_channel.value_or(""), p.location.value_or("")});
    }
    LL_TRY(auto bytes, sheets::write_xlsx({roster, phones}));
    return WeeklyRoster{unit.name, monday, "值班表-" + unit.name + "-" + monday + ".xlsx", std::move(bytes)};
  });
}

}  // namespace lifeline::app::duty

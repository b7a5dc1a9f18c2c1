#include "app/reports/status.h"

#include <map>

#include "app/duty/access.h"
#include "app/reports/deadlines.h"
#include "app/reports/repo.h"
#include "core/local_time.h"
#include "store/like.h"

namespace lifeline::app::reports {

using store::Tx;
using store::TxMode;

namespace {

Result<std::string> visible_path(Tx& tx, const Actor& actor, std::optional<int64_t> org) {
  LL_TRY(auto row, tx.query_one("SELECT path FROM orgs WHERE id = ?", {org.value_or(actor.org_id)}));
  if (!row || !actor.sees(row->text(0)))
    return Error{ErrorCode::not_found, "no such org unit in your scope", {{"org", "no such org unit in your scope"}}};
  return row->text(0);
}

// Templates that concern the subtree: kept at it, above it or below it.
Result<std::vector<Template>> concerning(Tx& tx, const std::string& path) {
  return repo::templates(tx, "WHERE t.active = 1 AND (? LIKE (t.org_path || '%') OR t.org_path LIKE ? ESCAPE '\\')"
                             " ORDER BY t.id",
                         {path, store::like_prefix(path)});
}

Result<std::vector<Submission>> submitted(Tx& tx, const Template& t, const std::string& path, const std::string& from,
                                          const std::string& to, bool versions) {
  return repo::submissions(tx, "WHERE s.template_id = ? AND s.day >= ? AND s.day <= ? AND s.org_path LIKE ? ESCAPE '\\'",
                           {t.id, from, to, store::like_prefix(path)}, versions);
}

}  // namespace

Result<std::vector<Cell>> cells(Tx& tx, const duty::Zone& zone, const std::string& path, const std::string& from,
                                const std::string& to, Instant now) {
  LL_TRY(auto templates, concerning(tx, path));
  std::vector<Cell> out;
  for (const auto& t : templates) {
    LL_TRY(auto subs, submitted(tx, t, path, from, to, false));
    std::map<std::pair<int64_t, int64_t>, const Submission*> by_cell;
    for (const auto& s : subs) by_cell[{s.org_id, to_millis(s.deadline)}] = &s;
    for (std::string day = from; day <= to; day = add_days(day, 1)) {
      for (const auto& d : deadlines_on(t, zone, day)) {
        LL_TRY(auto units, repo::required_units(tx, t, *d.version, path));
        for (const auto& u : units) {
          Cell c{u.id, u.name, u.path, t.id, t.name, t.code, d.at, "", false, false, std::nullopt, std::nullopt, 0};
          auto it = by_cell.find({u.id, to_millis(d.at)});
          if (it == by_cell.end()) {
            c.state = d.at > now ? "pending" : "missing";
          } else {
            const Submission& s = *it->second;
            c.state = s.state == "acknowledged" ? "acknowledged" : s.late ? "late" : "on_time";
            c.returned = s.state == "returned";
            c.late = s.late;
            c.submission_id = s.id;
            c.submitted_at = s.first_submitted_at;
            c.version = s.version;
          }
          out.push_back(std::move(c));
        }
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const Cell& a, const Cell& b) {
    if (a.template_id != b.template_id) return a.template_id < b.template_id;
    if (a.unit_path != b.unit_path) return a.unit_path < b.unit_path;
    return a.deadline < b.deadline;
  });
  return out;
}

Result<Figures> figures(Tx& tx, const duty::Zone& zone, const std::string& path, const std::string& from,
                        const std::string& to, Instant now) {
  Figures f;
  LL_TRY(auto grid, cells(tx, zone, path, from, to, now));
  for (const auto& c : grid) {
    if (c.state == "pending") {
      ++f.pending;
      continue;
    }
    // Each due cell is on time, late or missing; acknowledged and returned say more about the sent ones.
    ++f.expected;
    if (c.state == "missing") ++f.missing;
    else if (c.late) ++f.late;
    else ++f.on_time;
    if (c.state == "acknowledged") ++f.acknowledged;
    if (c.returned) ++f.returned;
  }
  // Sums of the latest report of each unit in the period, per summary field of that report's version.
  LL_TRY(auto templates, concerning(tx, path));
  for (const auto& t : templates) {
    LL_TRY(auto subs, submitted(tx, t, path, from, to, true));
    std::map<int64_t, const Submission*> latest;
    for (const auto& s : subs)
      if (!latest.count(s.org_id) || latest[s.org_id]->deadline < s.deadline) latest[s.org_id] = &s;
    std::map<std::string, FieldSum> sums;
    std::vector<std::string> order;
    for (const auto& field : t.current().fields)
      if (field.summary) {
        sums[field.key] = {t.id, t.code, t.name, field.key, field.label, field.unit, 0, 0};
        order.push_back(field.key);
      }
    for (const auto& [unit, s] : latest) {
      if (s->versions.empty()) continue;
      const auto& values = s->versions.back().values;
      for (auto& [key, sum] : sums)
        if (values.contains(key) && values[key].is_number()) {
          sum.value += values[key].get<double>();
          ++sum.units;
        }
    }
    for (const auto& key : order) f.sums.push_back(sums[key]);
  }
  return f;
}

Result<std::vector<Cell>> Status::grid(const Actor& actor, std::optional<int64_t> org, const std::string& date) {
  if (!actor.can(Permission::reports_read)) return Error::forbidden();
  LL_TRY(auto day, parse_date(date, "date"));
  const duty::Zone zone = duty::zone_of(rt_);
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Cell>> {
    LL_TRY(auto path, visible_path(tx, actor, org));
    return cells(tx, zone, path, day, day, now);
  });
}

Result<Figures> Status::day_figures(const Actor& actor, std::optional<int64_t> org, const std::string& from,
                                    const std::string& to) {
  if (!actor.can(Permission::reports_read)) return Error::forbidden();
  LL_TRY(auto a, parse_date(from, "from"));
  LL_TRY(auto b, parse_date(to, "to"));
  if (b < a) return Error::invalid("to", "must not be before from");
  if (days_between(a, b) > 366) return Error::invalid("to", "a period is at most 366 days");
  const duty::Zone zone = duty::zone_of(rt_);
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Figures> {
    LL_TRY(auto path, visible_path(tx, actor, org));
    return figures(tx, zone, path, a, b, now);
  });
}

}  // namespace lifeline::app::reports

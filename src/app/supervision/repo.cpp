#include "app/supervision/repo.h"

#include "app/photos/photos.h"
#include "store/like.h"

namespace lifeline::app::supervision::repo {

using store::Params;
using store::Row;
using store::Tx;

namespace {

std::optional<Instant> opt_instant(const Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return from_millis(r.integer(i));
}

const char* const kRectificationSelect =
    "SELECT x.id, x.finding_id, x.round_id, x.team_id, b.name, x.org_id, x.org_path, o.name, f.text, f.severity,"
    " x.action, x.owner_user_id, x.owner_name, x.deadline, x.state, x.response, x.responded_by_name,"
    " x.verified_by_name, x.verification_note, x.responded_at, x.verified_at, x.overdue_at, x.reopened, x.version,"
    " x.created_at FROM supervision_rectifications x JOIN supervision_findings f ON f.id = x.finding_id"
    " JOIN command_bodies b ON b.id = x.team_id JOIN orgs o ON o.id = x.org_id ";

Rectification rectification_from_row(const Row& r) {
  Rectification x;
  x.id = r.integer(0);
  x.finding_id = r.integer(1);
  x.round_id = r.integer(2);
  x.team_id = r.integer(3);
  x.team_name = r.text(4);
  x.org_id = r.integer(5);
  x.org_path = r.text(6);
  x.org_name = r.text(7);
  x.finding_text = r.text(8);
  x.severity = r.text(9);
  x.action = r.text(10);
  x.owner_user_id = r.opt_integer(11);
  x.owner_name = r.text(12);
  x.deadline = from_millis(r.integer(13));
  x.state = r.text(14);
  x.response = r.opt_text(15);
  x.responded_by_name = r.opt_text(16);
  x.verified_by_name = r.opt_text(17);
  x.verification_note = r.opt_text(18);
  x.responded_at = opt_instant(r, 19);
  x.verified_at = opt_instant(r, 20);
  x.overdue_at = opt_instant(r, 21);
  x.reopened = r.integer(22);
  x.version = r.integer(23);
  x.created_at = from_millis(r.integer(24));
  return x;
}

const char* const kRoundSelect =
    "SELECT r.id, r.team_id, r.team_name, r.hq_path, r.org_id, r.org_path, o.name, r.checklist_id, r.checklist_name,"
    " r.kind, r.state, r.planned_for, r.conducted_at, r.inspectors, r.summary, r.created_by_name, r.created_at,"
    " (SELECT COUNT(*) FROM supervision_findings f WHERE f.round_id = r.id),"
    " (SELECT COUNT(*) FROM supervision_rectifications x WHERE x.round_id = r.id AND x.state <> 'closed')"
    " FROM supervision_rounds r JOIN orgs o ON o.id = r.org_id ";

}  // namespace

Result<std::vector<Checklist>> checklists(Tx& tx, const std::string& where, const Params& params) {
  LL_TRY(auto rows, tx.query("SELECT c.id, c.org_id, c.org_path, o.name, c.name, c.active, c.version, c.updated_at"
                             " FROM supervision_checklists c JOIN orgs o ON o.id = c.org_id " + where,
                             params));
  std::vector<Checklist> out;
  for (const auto& r : rows) {
    Checklist c{r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.boolean(5), r.integer(6), {},
                from_millis(r.integer(7))};
    LL_TRY(auto items, tx.query("SELECT category, text FROM supervision_checklist_items WHERE checklist_id = ?"
                                " ORDER BY position",
                                {c.id}));
    for (const auto& i : items) c.items.push_back({i.text(0), i.text(1)});
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::optional<Checklist>> find_checklist(Tx& tx, int64_t id) {
  LL_TRY(auto found, checklists(tx, "WHERE c.id = ?", {id}));
  if (found.empty()) return std::optional<Checklist>();
  return std::optional<Checklist>(std::move(found[0]));
}

Result<std::optional<Team>> find_team(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one("SELECT b.id, b.name, b.leader_name, b.org_id, o.name FROM command_bodies b"
                                " JOIN orgs o ON o.id = b.org_id WHERE b.id = ? AND b.kind = 'supervision_team'",
                                {id}));
  if (!row) return std::optional<Team>();
  Team t{row->integer(0), row->text(1), row->text(2), row->integer(3), row->text(4), {}, 0, 0, 0, 0};
  LL_TRY(auto units, tx.query("SELECT o.id, o.name FROM command_supervision s JOIN orgs o ON o.id = s.org_id"
                              " WHERE s.body_id = ? ORDER BY o.path",
                              {t.id}));
  for (const auto& u : units) t.units.push_back({u.integer(0), u.text(1)});
  return std::optional<Team>(std::move(t));
}

Result<std::vector<Team>> teams_of(Tx& tx, const std::string& path) {
  LL_TRY(auto rows, tx.query("SELECT b.id FROM command_bodies b JOIN orgs o ON o.id = b.org_id"
                             " WHERE b.kind = 'supervision_team' AND o.path LIKE ? ESCAPE '\\'"
                             " ORDER BY o.path, b.sort_order, b.id",
                             {store::like_prefix(path)}));
  std::vector<Team> out;
  for (const auto& r : rows) {
    LL_TRY(auto t, find_team(tx, r.integer(0)));
    if (t) out.push_back(std::move(*t));
  }
  return out;
}

Result<std::vector<Round>> rounds(Tx& tx, const std::string& where, const Params& params, Instant) {
  LL_TRY(auto rows, tx.query(std::string(kRoundSelect) + where, params));
  std::vector<Round> out;
  for (const auto& r : rows) {
    Round x;
    x.id = r.integer(0);
    x.team_id = r.integer(1);
    x.team_name = r.text(2);
    x.hq_path = r.text(3);
    x.org_id = r.integer(4);
    x.org_path = r.text(5);
    x.org_name = r.text(6);
    x.checklist_id = r.opt_integer(7);
    x.checklist_name = r.text(8);
    x.kind = r.text(9);
    x.state = r.text(10);
    x.planned_for = r.opt_text(11);
    x.conducted_at = opt_instant(r, 12);
    x.inspectors = r.text(13);
    x.summary = r.text(14);
    x.created_by_name = r.text(15);
    x.created_at = from_millis(r.integer(16));
    x.findings_count = r.integer(17);
    x.open_count = r.integer(18);
    out.push_back(std::move(x));
  }
  return out;
}

Result<std::optional<Round>> find_round(Tx& tx, int64_t id, Instant now) {
  LL_TRY(auto found, rounds(tx, "WHERE r.id = ?", {id}, now));
  if (found.empty()) return std::optional<Round>();
  Round r = std::move(found[0]);
  LL_TRY(auto items, tx.query("SELECT position, category, text, result, note FROM supervision_round_items"
                              " WHERE round_id = ? ORDER BY position",
                              {id}));
  for (const auto& i : items)
    r.items.push_back({static_cast<int>(i.integer(0)), i.text(1), i.text(2), i.text(3), i.opt_text(4)});
  LL_TRY(auto findings, tx.query("SELECT id, item_position, severity, text FROM supervision_findings"
                                 " WHERE round_id = ? ORDER BY id",
                                 {id}));
  LL_TRY(auto fixes, rectifications(tx, "WHERE x.round_id = ? ORDER BY x.id", {id}));
  for (const auto& f : findings) {
    Finding finding;
    finding.id = f.integer(0);
    if (!f.is_null(1)) finding.item_position = static_cast<int>(f.integer(1));
    finding.severity = f.text(2);
    finding.text = f.text(3);
    LL_TRY(finding.photos, photos::list(tx, "supervision_finding", finding.id));
    for (const auto& x : fixes)
      if (x.finding_id == finding.id) finding.rectification = x;
    r.findings.push_back(std::move(finding));
  }
  return std::optional<Round>(std::move(r));
}

Result<std::vector<Rectification>> rectifications(Tx& tx, const std::string& where, const Params& params) {
  LL_TRY(auto rows, tx.query(std::string(kRectificationSelect) + where, params));
  std::vector<Rectification> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(rectification_from_row(r));
  return out;
}

Result<std::optional<Rectification>> find_rectification(Tx& tx, int64_t id) {
  LL_TRY(auto found, rectifications(tx, "WHERE x.id = ?", {id}));
  if (found.empty()) return std::optional<Rectification>();
  return std::optional<Rectification>(std::move(found[0]));
}

}  // namespace lifeline::app::supervision::repo

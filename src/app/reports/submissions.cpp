#include "app/reports/submissions.h"

#include "app/audit/audit.h"
#include "app/duty/access.h"
#include "app/reports/access.h"
#include "app/reports/deadlines.h"
#include "app/reports/fields.h"
#include "app/reports/json.h"
#include "app/reports/repo.h"
#include "core/local_time.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::reports {

using store::Tx;
using store::TxMode;

namespace {

Error not_found(const char* field, const std::string& what) {
  return Error{ErrorCode::not_found, "no such " + what, {{field, "no such " + what}}};
}

Result<repo::Unit> unit_in_scope(Tx& tx, const Actor& actor, std::optional<int64_t> org, const char* field) {
  LL_TRY(auto row, tx.query_one("SELECT id, path, name, kind FROM orgs WHERE id = ?", {org.value_or(actor.org_id)}));
  if (!row || !actor.sees(row->text(1))) return not_found(field, "org unit in your scope");
  return repo::Unit{row->integer(0), row->text(1), row->text(2), row->text(3)};
}

bool required(Tx& tx, const Template& t, const TemplateVersion& v, const repo::Unit& unit) {
  auto units = repo::required_units(tx, t, v, unit.path);
  if (!units) return false;
  for (const auto& u : *units)
    if (u.id == unit.id) return true;
  return false;
}

std::string state_of(const std::optional<Submission>& s, Instant deadline, Instant now) {
  if (!s) return deadline > now ? "pending" : "missing";
  if (s->state == "acknowledged") return "acknowledged";
  return s->late ? "late" : "on_time";
}

}  // namespace

Result<std::pair<int64_t, bool>> store_submission(Tx& tx, const Template& t, const TemplateVersion& v, int64_t unit_id,
                                                  const std::string& unit_path, Instant deadline,
                                                  const std::string& day, const nlohmann::json& values, Instant at,
                                                  std::optional<int64_t> user_id, const std::string& user_name) {
  const bool late = at > deadline;
  LL_TRY(auto fresh, tx.query_one("INSERT INTO report_submissions (template_id, template_version, org_id, org_path,"
                                  " deadline_at, day, state, version, first_submitted_at, submitted_at, late)"
                                  " VALUES (?,?,?,?,?,?,'submitted',1,?,?,?)"
                                  " ON CONFLICT (template_id, org_id, deadline_at) DO NOTHING RETURNING id",
                                  {t.id, v.version, unit_id, unit_path, to_millis(deadline), day, to_millis(at),
                                   to_millis(at), late}));
  int64_t id = 0, version = 1;
  if (fresh) {
    id = fresh->integer(0);
  } else {
    // The row lock makes two resubmissions take turns.
    LL_TRY(auto row, tx.query_one("SELECT id, state, version FROM report_submissions WHERE template_id = ?"
                                  " AND org_id = ? AND deadline_at = ? FOR UPDATE",
                                  {t.id, unit_id, to_millis(deadline)}));
    if (!row) return Error::internal("submission vanished");
    id = row->integer(0);
    if (row->text(1) == "acknowledged")
      return Error{ErrorCode::conflict, "HQ has acknowledged this report; it is closed",
                   {{"deadline", "already acknowledged by HQ"}}};
    version = row->integer(2) + 1;
    LL_TRY(int64_t n, tx.exec("UPDATE report_submissions SET version = ?, state = 'submitted', submitted_at = ?"
                              " WHERE id = ? AND version = ? AND state <> 'acknowledged'",
                              {version, to_millis(at), id, row->integer(2)}));
    if (n != 1) return Error::conflict("the report was changed meanwhile; send it again");
  }
  LL_CHECK(tx.execute("INSERT INTO report_submission_versions (submission_id, version, field_values, submitted_at,"
                      " submitted_by, submitted_by_name) VALUES (?,?,?,?,?,?)",
                      {id, version, values.dump(), to_millis(at), user_id, user_name}));
  return std::pair{id, fresh.has_value()};
}

Result<std::vector<Due>> Submissions::due(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::reports_read)) return Error::forbidden();
  const duty::Zone zone = duty::zone_of(rt_);
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Due>> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, org, "org"));
    LL_TRY(auto templates, repo::templates(tx, "WHERE t.active = 1 AND ? LIKE (t.org_path || '%') ORDER BY t.id",
                                           {unit.path}));
    std::vector<Due> out;
    for (auto& t : templates) {
      for (const auto& d : deadlines_between(t, zone, now - std::chrono::hours(48), now + std::chrono::hours(24))) {
        const Instant opens = opens_at(t, zone, d.at);
        if (opens > now || !required(tx, t, *d.version, unit)) continue;
        LL_TRY(auto found, repo::submissions(tx, "WHERE s.template_id = ? AND s.org_id = ? AND s.deadline_at = ?",
                                             {t.id, unit.id, to_millis(d.at)}, true));
        std::optional<Submission> s;
        if (!found.empty()) s = std::move(found[0]);
        Due due{t, nullptr, unit.id, unit.name, d.at, opens, state_of(s, d.at, now), s};
        out.push_back(std::move(due));
      }
    }
    // Each Due holds its own copy of the template: point at the version in that copy.
    for (auto& d : out) d.version = version_at(d.tmpl, d.deadline);
    std::sort(out.begin(), out.end(), [](const Due& a, const Due& b) { return a.deadline > b.deadline; });
    return out;
  });
}

Result<duty::Answer> Submissions::submit(const Actor& actor, const NewSubmission& in, const duty::Retry& retry) {
  if (!actor.can(Permission::reports_submit)) return Error::forbidden();
  const duty::Zone zone = duty::zone_of(rt_);
  const Instant now = rt_.clock.now();
  auto outcome = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<duty::Answer> {
    LL_TRY(auto earlier, duty::earlier_answer(tx, idem_, actor, retry));
    if (earlier) return *earlier;
    LL_TRY(auto t, repo::find_template(tx, in.template_id));
    if (!t || !sees_template(actor, *t)) return not_found("template_id", "report template");
    if (!t->active) return Error::invalid("template_id", "this template is no longer in use");
    LL_TRY(auto unit, unit_in_scope(tx, actor, in.org_id, "org_id"));
    auto deadline = deadline_at(*t, zone, in.deadline);
    if (!deadline) return Error::invalid("deadline", "the template has no deadline at that time");
    if (!required(tx, *t, *deadline->version, unit))
      return Error::invalid("org_id", "this unit is not required to send this report");
    if (now < opens_at(*t, zone, deadline->at))
      return Error::invalid("deadline", "not open yet: it opens at the report's previous deadline");
    if (now > deadline->at + kLateWindow) return Error::invalid("deadline", "closed: late reports are taken for a week");
    LL_TRY(auto values, check_values(deadline->version->fields, in.values));
    LL_TRY(auto stored, store_submission(tx, *t, *deadline->version, unit.id, unit.path, deadline->at,
                                         zone.date(deadline->at), values, now,
                                         actor.user_id ? std::optional<int64_t>(actor.user_id) : std::nullopt,
                                         actor.display_name));
    LL_TRY(auto s, repo::find_submission(tx, stored.first));
    const nlohmann::json j = to_json(*s);
    LL_CHECK(audit::record(tx, actor, now,
                           {stored.second ? "reports.submit" : "reports.resubmit", "report_submission",
                            std::to_string(stored.first), unit.id, unit.path, nullptr, j}));
    duty::Answer answer{stored.second ? 201 : 200, j.dump()};
    LL_CHECK(duty::remember_answer(tx, idem_, actor, retry, answer, now));
    return answer;
  });
  return duty::settle(rt_.db, idem_, actor, retry, std::move(outcome));
}

Result<std::vector<Submission>> Submissions::list(const Actor& actor, const SubmissionFilter& f) {
  if (!actor.can(Permission::reports_read)) return Error::forbidden();
  std::optional<std::string> date;
  if (f.date) {
    LL_TRY(date, parse_date(*f.date, "date"));
  }
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Submission>> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, f.org, "org"));
    std::string where = "WHERE s.org_path LIKE ? ESCAPE '\\'";
    store::Params params{store::like_prefix(unit.path)};
    if (f.template_id) {
      where += " AND s.template_id = ?";
      params.emplace_back(*f.template_id);
    }
    if (date) {
      where += " AND s.day = ?";
      params.emplace_back(*date);
    }
    return repo::submissions(tx, where + " ORDER BY s.deadline_at DESC, s.org_path LIMIT 1000", params, true);
  });
}

Result<Submission> Submissions::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::reports_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Submission> {
    LL_TRY(auto s, repo::find_submission(tx, id));
    if (!s || !actor.sees(s->org_path)) return Error::not_found("no such report");
    return std::move(*s);
  });
}

Result<Submission> Submissions::review(const Actor& actor, int64_t id, const Review& in) {
  if (!actor.can(Permission::reports_review)) return Error::forbidden();
  if (in.decision != "acknowledge" && in.decision != "return")
    return Error::invalid("decision", "must be acknowledge or return");
  if (in.decision == "return" && (!in.comment || in.comment->find_first_not_of(" \t\r\n") == std::string::npos))
    return Error::invalid("comment", "say what to correct");
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Submission> {
    LL_TRY(auto before, repo::find_submission(tx, id));
    if (!before || !actor.sees(before->org_path)) return Error::not_found("no such report");
    LL_TRY(auto t, repo::find_template(tx, before->template_id));
    if (!t || !actor.sees(t->org_path)) return Error::forbidden("the HQ that keeps the template reviews its reports");
    if (in.version && *in.version != before->version)
      return Error{ErrorCode::precondition_failed, "a newer version was sent meanwhile; review that one", {}};
    const std::string to = in.decision == "acknowledge" ? "acknowledged" : "returned";
    LL_TRY(int64_t n, tx.exec("UPDATE report_submissions SET state = ?, reviewed_at = ?, reviewed_by_name = ?,"
                              " review_comment = ? WHERE id = ? AND state = 'submitted' AND version = ?",
                              {to, to_millis(now), actor.display_name, in.comment, id, before->version}));
    if (n != 1) return Error::conflict("this report is " + before->state + "; only a submitted report is reviewed");
    LL_TRY(auto after, repo::find_submission(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"reports." + in.decision, "report_submission", std::to_string(id), before->org_id,
                            before->org_path, to_json(*before), to_json(*after)}));
    return std::move(*after);
  });
}

}  // namespace lifeline::app::reports

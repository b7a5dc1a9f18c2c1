#include "app/duty/log.h"

#include <unordered_map>

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

bool known_kind(const std::string& k) {
  for (const char* c : kLogKinds)
    if (k == c) return true;
  return false;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

Result<PostPlan> plan_of(Tx& tx, const Post& post, Instant around) {
  LL_TRY(auto plans, repo::plans(tx, {post}, {around - kHorizon - hours(24), around + kHorizon + hours(24)}));
  return std::move(plans.at(0));
}

// The caller's register person when they are on duty at the post now; a unit
// head writes without being on duty (then the person may be absent).
Result<std::optional<Person>> writer(Tx& tx, const Zone& zone, const Actor& actor, const Post& post,
                                     const PostPlan& plan, Instant now) {
  if (!actor.can(Permission::duty_self) && !actor.can(Permission::duty_manage)) return Error::forbidden();
  LL_TRY(auto self, person_of(tx, actor));
  auto run = on_duty_at(zone, plan, now, kHorizon);
  if (self && run && run->person == self->id) return self;
  if (manages(actor, post.org_path)) return self;
  return Error::forbidden("only the person on duty at this post (or the unit head) writes its log");
}

// A linked record of the post's utility that the caller sees; else invalid naming `field`.
Status check_link(Tx& tx, const Actor& actor, const Post& post, const char* table, std::optional<int64_t> id,
                  const char* field, const char* what) {
  if (!id) return {};
  LL_TRY(auto utility, utility_of(tx, post.org_path));
  LL_TRY(auto row, tx.query_one(std::string("SELECT org_path FROM ") + table + " WHERE id = ?", {*id}));
  if (row && actor.sees(row->text(0))) {
    LL_TRY(auto theirs, utility_of(tx, row->text(0)));
    if (theirs == utility) return {};
  }
  return Error::invalid(field, std::string("no such ") + what + " in this post's utility");
}

const char* const kEntrySelect =
    "SELECT e.id, e.post_id, p.name, e.org_path, e.at, e.kind, e.text, e.incident_id, e.hotline_call_id,"
    " e.report_submission_id, e.corrects_id, e.staff_id, e.author_name, e.created_at, COALESCE(i.code, ''),"
    " COALESCE(c.code, '') FROM duty_log_entries e JOIN duty_posts p ON p.id = e.post_id"
    " LEFT JOIN incidents i ON i.id = e.incident_id LEFT JOIN hotline_calls c ON c.id = e.hotline_call_id ";

Result<std::vector<LogEntry>> load_entries(Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto rows, tx.query(std::string(kEntrySelect) + where, params));
  std::vector<LogEntry> out;
  std::vector<int64_t> people, ids;
  for (const auto& r : rows) {
    LogEntry e;
    e.id = r.integer(0);
    e.post_id = r.integer(1);
    e.post_name = r.text(2);
    e.org_path = r.text(3);
    e.at = from_millis(r.integer(4));
    e.kind = r.text(5);
    e.text = r.text(6);
    e.incident_id = r.opt_integer(7);
    e.hotline_call_id = r.opt_integer(8);
    e.report_submission_id = r.opt_integer(9);
    e.corrects_id = r.opt_integer(10);
    if (!r.is_null(11)) {
      e.person = Person{r.integer(11), "", std::nullopt, std::nullopt, 0, "", true};
      people.push_back(r.integer(11));
    }
    e.author_name = r.text(12);
    e.created_at = from_millis(r.integer(13));
    e.incident_code = r.text(14);
    e.hotline_call_code = r.text(15);
    ids.push_back(e.id);
    out.push_back(std::move(e));
  }
  LL_TRY(auto names, repo::people(tx, people));
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < out.size(); ++i) {
    index[out[i].id] = i;
    if (out[i].person)
      if (auto it = names.find(out[i].person->id); it != names.end()) out[i].person = it->second;
  }
  for (size_t i = 0; i < ids.size(); i += 500) {
    std::string in;
    store::Params p;
    for (size_t j = i; j < std::min(ids.size(), i + 500); ++j) {
      in += j > i ? ",?" : "?";
      p.emplace_back(ids[j]);
    }
    LL_TRY(auto corrections, tx.query("SELECT id, corrects_id FROM duty_log_entries WHERE corrects_id IN (" + in +
                                          ") ORDER BY id",
                                      p));
    for (const auto& c : corrections) out[index.at(c.integer(1))].corrected_by.push_back(c.integer(0));
  }
  return out;
}

Result<std::string> scope_where(Tx& tx, const Actor& actor, const LogQuery& q, const char* alias,
                                store::Params& params) {
  if (q.post) {
    LL_TRY(auto p, visible_post(tx, actor, *q.post));
    params.emplace_back(p.id);
    return std::string("WHERE ") + alias + ".post_id = ?";
  }
  LL_TRY(auto unit, unit_in_scope(tx, actor, q.org));
  params.emplace_back(store::like_prefix(unit.path));
  return std::string("WHERE ") + alias + ".org_path LIKE ? ESCAPE '\\'";
}

nlohmann::json opt_int(const std::optional<int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

}  // namespace

nlohmann::json to_json(const LogEntry& e) {
  return {{"id", e.id},
          {"post", {{"id", e.post_id}, {"name", e.post_name}}},
          {"at", format_instant(e.at)},
          {"kind", e.kind},
          {"text", e.text},
          {"incident", e.incident_id ? nlohmann::json{{"id", *e.incident_id}, {"code", e.incident_code}} : nlohmann::json()},
          {"hotline_call",
           e.hotline_call_id ? nlohmann::json{{"id", *e.hotline_call_id}, {"code", e.hotline_call_code}} : nlohmann::json()},
          {"report_submission_id", opt_int(e.report_submission_id)},
          {"corrects", opt_int(e.corrects_id)},
          {"corrected_by", e.corrected_by},
          {"person", person_ref(e.person)},
          {"author_name", e.author_name},
          {"created_at", format_instant(e.created_at)}};
}

nlohmann::json to_json(const Handover& h) {
  return {{"id", h.id},
          {"post", {{"id", h.post_id}, {"name", h.post_name}}},
          {"shift_start", format_instant(h.shift_start)},
          {"from", person_ref(h.from)},
          {"to", person_ref(h.to)},
          {"note", h.note},
          {"open_items", h.open_items},
          {"written_at", format_instant(h.written_at)},
          {"written_by_name", h.written_by_name},
          {"acknowledged_at", instant_json(h.acknowledged_at)},
          {"acknowledged_by_name", h.acknowledged_by_name ? nlohmann::json(*h.acknowledged_by_name) : nlohmann::json()},
          {"ack_note", h.ack_note ? nlohmann::json(*h.ack_note) : nlohmann::json()},
          {"flagged_at", instant_json(h.flagged_at)},
          {"overdue", h.overdue}};
}

Result<std::vector<Handover>> load_handovers(Tx& tx, const std::string& where, const store::Params& params,
                                             Instant now) {
  LL_TRY(auto rows, tx.query("SELECT h.id, h.post_id, p.name, h.org_path, h.shift_start, h.from_staff_id,"
                             " h.to_staff_id, h.note, h.open_items, h.written_at, h.written_by_name,"
                             " h.acknowledged_at, h.acknowledged_by_name, h.ack_note, h.flagged_at"
                             " FROM duty_handovers h JOIN duty_posts p ON p.id = h.post_id " + where,
                             params));
  std::vector<int64_t> ids;
  for (const auto& r : rows)
    for (size_t i : {5, 6})
      if (!r.is_null(i)) ids.push_back(r.integer(i));
  LL_TRY(auto people, repo::people(tx, ids));
  auto who = [&](const store::Row& r, size_t i) -> std::optional<Person> {
    if (r.is_null(i)) return std::nullopt;
    auto it = people.find(r.integer(i));
    return it == people.end() ? std::nullopt : std::optional<Person>(it->second);
  };
  std::vector<Handover> out;
  for (const auto& r : rows) {
    Handover h;
    h.id = r.integer(0);
    h.post_id = r.integer(1);
    h.post_name = r.text(2);
    h.org_path = r.text(3);
    h.shift_start = from_millis(r.integer(4));
    h.from = who(r, 5);
    h.to = who(r, 6);
    h.note = r.text(7);
    auto items = nlohmann::json::parse(r.text(8), nullptr, false);
    if (items.is_array())
      for (const auto& i : items)
        if (i.is_string()) h.open_items.push_back(i.get<std::string>());
    h.written_at = from_millis(r.integer(9));
    h.written_by_name = r.text(10);
    if (!r.is_null(11)) h.acknowledged_at = from_millis(r.integer(11));
    h.acknowledged_by_name = r.opt_text(12);
    h.ack_note = r.opt_text(13);
    if (!r.is_null(14)) h.flagged_at = from_millis(r.integer(14));
    h.overdue = !h.acknowledged_at && h.shift_start <= now;
    out.push_back(std::move(h));
  }
  return out;
}

Result<std::vector<LogEntry>> DutyLog::entries(const Actor& actor, const LogQuery& q) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  const Zone zone = zone_of(rt_);
  LL_TRY(auto span, parse_span(zone, q.from, q.to));
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<LogEntry>> {
    store::Params params;
    LL_TRY(auto where, scope_where(tx, actor, q, "e", params));
    params.emplace_back(to_millis(span.from));
    params.emplace_back(to_millis(span.until));
    return load_entries(tx, where + " AND e.at >= ? AND e.at < ? ORDER BY e.at, e.id LIMIT 2000", params);
  });
}

Result<Answer> DutyLog::append(const Actor& actor, const NewLogEntry& in, const Retry& retry) {
  if (!actor.can(Permission::duty_self) && !actor.can(Permission::duty_manage)) return Error::forbidden();
  const Zone zone = zone_of(rt_);
  const Instant now = rt_.clock.now();
  const Instant at = in.at.value_or(now);
  std::vector<FieldError> errors;
  if (!known_kind(in.kind))
    errors.push_back({"kind", "must be one of: call_received, instruction_received, instruction_issued, event, patrol, other"});
  if (blank(in.text)) errors.push_back({"text", "must not be empty"});
  if (at > now + std::chrono::minutes(5)) errors.push_back({"at", "must not be in the future"});
  else if (at < now - hours(24)) errors.push_back({"at", "the log takes entries of the last 24 hours; correct older ones"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  auto outcome = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Answer> {
    LL_TRY(auto earlier, earlier_answer(tx, idem_, actor, retry));
    if (earlier) return *earlier;
    LL_TRY(auto post, visible_post(tx, actor, in.post_id));
    LL_TRY(auto plan, plan_of(tx, post, now));
    LL_TRY(auto person, writer(tx, zone, actor, post, plan, now));
    LL_CHECK(check_link(tx, actor, post, "incidents", in.incident_id, "incident_id", "incident"));
    LL_CHECK(check_link(tx, actor, post, "hotline_calls", in.hotline_call_id, "hotline_call_id", "hotline call"));
    LL_CHECK(check_link(tx, actor, post, "report_submissions", in.report_submission_id, "report_submission_id",
                        "report"));
    if (in.corrects_id) {
      LL_TRY(auto corrected, tx.query_one("SELECT post_id FROM duty_log_entries WHERE id = ?", {*in.corrects_id}));
      if (!corrected || corrected->integer(0) != post.id)
        return Error::invalid("corrects", "no such entry in this post's log");
    }
    LL_TRY(int64_t id,
           tx.insert("INSERT INTO duty_log_entries (post_id, org_path, at, kind, text, incident_id, hotline_call_id,"
                     " report_submission_id, corrects_id, staff_id, author_id, author_name, created_at)"
                     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                     {post.id, post.org_path, to_millis(at), in.kind, in.text, in.incident_id, in.hotline_call_id,
                      in.report_submission_id, in.corrects_id, person ? store::Value(person->id) : store::Value(),
                      actor.user_id ? store::Value(actor.user_id) : store::Value(), actor.display_name,
                      to_millis(now)}));
    LL_TRY(auto stored, load_entries(tx, "WHERE e.id = ?", {id}));
    const nlohmann::json j = to_json(stored.at(0));
    LL_CHECK(audit::record(tx, actor, now,
                           {in.corrects_id ? "duty.log.correct" : "duty.log.append", "duty_log_entry",
                            std::to_string(id), post.org_id, post.org_path, nullptr, j}));
    Answer answer{201, j.dump()};
    LL_CHECK(remember_answer(tx, idem_, actor, retry, answer, now));
    return answer;
  });
  return settle(rt_.db, idem_, actor, retry, std::move(outcome));
}

Result<std::vector<Handover>> DutyLog::handovers(const Actor& actor, const LogQuery& q,
                                                 const std::optional<std::string>& state) {
  if (!actor.can(Permission::duty_read)) return Error::forbidden();
  if (state && *state != "open" && *state != "overdue" && *state != "acknowledged")
    return Error::invalid("state", "must be open, overdue or acknowledged");
  const Zone zone = zone_of(rt_);
  const Instant now = rt_.clock.now();
  LL_TRY(auto span, parse_span(zone, q.from, q.to));
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Handover>> {
    store::Params params;
    LL_TRY(auto where, scope_where(tx, actor, q, "h", params));
    where += " AND h.shift_start >= ? AND h.shift_start < ?";
    params.emplace_back(to_millis(span.from));
    params.emplace_back(to_millis(span.until));
    if (state == "acknowledged") where += " AND h.acknowledged_at IS NOT NULL";
    if (state == "open") where += " AND h.acknowledged_at IS NULL";
    if (state == "overdue") {
      where += " AND h.acknowledged_at IS NULL AND h.shift_start <= ?";
      params.emplace_back(to_millis(now));
    }
    return load_handovers(tx, where + " ORDER BY h.shift_start DESC, h.id DESC LIMIT 1000", params, now);
  });
}

Result<Answer> DutyLog::hand_over(const Actor& actor, const NewHandover& in, const Retry& retry) {
  if (!actor.can(Permission::duty_self) && !actor.can(Permission::duty_manage)) return Error::forbidden();
  if (blank(in.note)) return Error::invalid("note", "write what the next shift must know");
  for (size_t i = 0; i < in.open_items.size(); ++i)
    if (blank(in.open_items[i])) return Error::invalid("open_items/" + std::to_string(i), "must not be empty");
  const Zone zone = zone_of(rt_);
  const Instant now = rt_.clock.now();
  auto outcome = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Answer> {
    LL_TRY(auto earlier, earlier_answer(tx, idem_, actor, retry));
    if (earlier) return *earlier;
    LL_TRY(auto post, visible_post(tx, actor, in.post_id));
    LL_TRY(auto plan, plan_of(tx, post, now));
    LL_TRY(auto person, writer(tx, zone, actor, post, plan, now));
    auto current = on_duty_at(zone, plan, now, kHorizon);
    const Instant end = current ? current->span.until : now;
    auto next = next_run_after(zone, plan, end, kHorizon);
    if (!next)
      return Error{ErrorCode::conflict, "nobody is scheduled after this shift", {{"post_id", "nobody to hand over to"}}};
    const nlohmann::json items = in.open_items;
    LL_TRY(auto row, tx.query_one("INSERT INTO duty_handovers (post_id, org_path, shift_start, from_staff_id,"
                                  " to_staff_id, note, open_items, written_at, written_by, written_by_name)"
                                  " VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (post_id, shift_start) DO NOTHING"
                                  " RETURNING id",
                                  {post.id, post.org_path, to_millis(next->span.from),
                                   current ? store::Value(*current->person) : store::Value(), *next->person, in.note,
                                   items.dump(), to_millis(now),
                                   actor.user_id ? store::Value(actor.user_id) : store::Value(), actor.display_name}));
    if (!row)
      return Error{ErrorCode::conflict, "this shift change already has its hand-over",
                   {{"post_id", "already handed over for this shift change"}}};
    (void)person;
    LL_TRY(auto stored, load_handovers(tx, "WHERE h.id = ?", {row->integer(0)}, now));
    const nlohmann::json j = to_json(stored.at(0));
    LL_CHECK(audit::record(tx, actor, now,
                           {"duty.handover.write", "duty_handover", std::to_string(row->integer(0)), post.org_id,
                            post.org_path, nullptr, j}));
    Answer answer{201, j.dump()};
    LL_CHECK(remember_answer(tx, idem_, actor, retry, answer, now));
    return answer;
  });
  return settle(rt_.db, idem_, actor, retry, std::move(outcome));
}

Result<Answer> DutyLog::acknowledge(const Actor& actor, int64_t id, const std::optional<std::string>& note,
                                    const Retry& retry) {
  if (!actor.can(Permission::duty_self) && !actor.can(Permission::duty_manage)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  auto outcome = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Answer> {
    LL_TRY(auto earlier, earlier_answer(tx, idem_, actor, retry));
    if (earlier) return *earlier;
    LL_TRY(auto found, load_handovers(tx, "WHERE h.id = ?", {id}, now));
    if (found.empty() || !actor.sees(found[0].org_path)) return Error::not_found("no such hand-over");
    const Handover before = found[0];
    LL_TRY(auto self, person_of(tx, actor));
    const bool incoming = self && before.to && before.to->id == self->id;
    if (!incoming && !manages(actor, before.org_path))
      return Error::forbidden("the incoming person (or the unit head) acknowledges a hand-over");
    LL_TRY(int64_t n, tx.exec("UPDATE duty_handovers SET acknowledged_at = ?, acknowledged_by = ?,"
                              " acknowledged_by_name = ?, ack_note = ? WHERE id = ? AND acknowledged_at IS NULL",
                              {to_millis(now), actor.user_id ? store::Value(actor.user_id) : store::Value(),
                               actor.display_name, note, id}));
    if (n != 1) return Error::conflict("this hand-over is already acknowledged");
    LL_TRY(auto after, load_handovers(tx, "WHERE h.id = ?", {id}, now));
    const nlohmann::json j = to_json(after.at(0));
    LL_TRY(auto org, tx.query_one("SELECT org_id FROM duty_posts WHERE id = ?", {before.post_id}));
    const int64_t org_id = org ? org->integer(0) : 0;
    LL_CHECK(audit::record(tx, actor, now,
                           {"duty.handover.acknowledge", "duty_handover", std::to_string(id), org_id,
                            before.org_path, to_json(before), j}));
    Answer answer{200, j.dump()};
    LL_CHECK(remember_answer(tx, idem_, actor, retry, answer, now));
    return answer;
  });
  return settle(rt_.db, idem_, actor, retry, std::move(outcome));
}

}  // namespace lifeline::app::duty

#include "app/health/file.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "app/audit/audit.h"
#include "app/health/access.h"
#include "app/health/cases.h"
#include "app/health/entrance.h"
#include "app/health/outings.h"
#include "app/health/staff_repo.h"
#include "core/local_time.h"
#include "core/time.h"

namespace lifeline::app::health {

using store::Tx;
using store::TxMode;

namespace {

std::string celsius(double t) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f℃", t);
  return buf;
}

std::string reason_zh(const std::string& code) {
  static const std::map<std::string, std::string> names = {{"fever", "发热"},
                                                            {"symptoms", "有症状"},
                                                            {"risk_travel", "途经风险地区"},
                                                            {"risk_area", "身处风险地区"},
                                                            {"contact", "接触史"}};
  auto it = names.find(code);
  return it == names.end() ? code : it->second;
}

std::string location_zh(const std::string& code) {
  if (code == "in_town") return "在本地";
  if (code == "away") return "在外地";
  if (code == "not_returned") return "未返回";
  return code;
}

std::string work_zh(const std::string& code) {
  if (code == "on_duty") return "在岗";
  if (code == "remote") return "居家办公";
  if (code == "leave") return "休假";
  if (code == "isolated") return "隔离";
  return code;
}

std::string kind_zh(const std::string& kind) { return kind == "centralised" ? "集中隔离" : "居家观察"; }

// Order among records made at the same instant: the logical order of a flow.
int rank(const std::string& kind) {
  static const std::map<std::string, int> order = {
      {"checkin", 0},        {"checkin_abnormal", 0},     {"entrance", 1},       {"observation_started", 2},
      {"visit", 3},          {"observation_released", 4}, {"outing_requested", 5}, {"outing_approved", 6},
      {"outing_returned", 7}, {"note", 8}};
  auto it = order.find(kind);
  return it == order.end() ? 9 : it->second;
}

Result<std::vector<Note>> notes_of(Tx& tx, int64_t staff_id) {
  LL_TRY(auto rows, tx.query("SELECT id, staff_id, at, author_name, text FROM health_notes WHERE staff_id = ?"
                             " ORDER BY at DESC, id DESC",
                             {staff_id}));
  std::vector<Note> out;
  for (const auto& r : rows) out.push_back({r.integer(0), r.integer(1), from_millis(r.integer(2)), r.text(3), r.text(4)});
  return out;
}

}  // namespace

nlohmann::json to_json(const Note& n) {
  return {{"id", n.id}, {"at", format_instant(n.at)}, {"author_name", n.author_name}, {"text", n.text}};
}

nlohmann::json to_json(const TimelineItem& t) {
  return {{"at", format_instant(t.at)}, {"kind", t.kind}, {"summary", t.summary}, {"ref", t.ref}};
}

Result<nlohmann::json> Files::file(const Actor& actor, int64_t staff_id, const FileRange& range) {
  LL_TRY(auto lt, LocalTime::load(rt_.config.time_zone));
  const auto now = rt_.clock.now();
  std::string to = lt.date(now);
  if (range.to) {
    LL_TRY(to, parse_date(*range.to, "to"));
  }
  std::string from = add_days(to, -29);
  if (range.from) {
    LL_TRY(from, parse_date(*range.from, "from"));
  }
  if (from > to) return Error::invalid("from", "must not be after to");
  if (days_between(from, to) > 366) return Error::invalid("from", "the range is at most 366 days");

  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<nlohmann::json> {
    LL_TRY(auto person, readable(tx, actor, staff_id));
    std::vector<TimelineItem> timeline;

    // Check-ins in the range.
    LL_TRY(auto checkins, tx.query("SELECT id, day, submitted_at, channel, temperature, location, city, work_status,"
                                   " abnormal, abnormal_reasons, late FROM checkins WHERE staff_id = ? AND day >= ?"
                                   " AND day <= ? ORDER BY day DESC",
                                   {person.id, from, to}));
    nlohmann::json checkin_list = nlohmann::json::array();
    for (const auto& r : checkins) {
      bool abnormal = r.boolean(8);
      std::vector<std::string> reasons;
      auto parsed = nlohmann::json::parse(r.is_null(9) ? std::string("[]") : r.text(9), nullptr, false);
      if (parsed.is_array())
        for (const auto& v : parsed)
          if (v.is_string()) reasons.push_back(v.get<std::string>());
      std::string summary = std::string(abnormal ? "健康打卡异常" : "健康打卡") + "：体温 " + celsius(r.real(4)) +
                            "，" + location_zh(r.text(5)) + (r.is_null(6) || r.text(6).empty() ? "" : "（" + r.text(6) + "）") +
                            "，" + work_zh(r.text(7));
      if (abnormal && !reasons.empty()) {
        std::string why;
        for (const auto& c : reasons) why += (why.empty() ? "" : "、") + reason_zh(c);
        summary += "；异常原因：" + why;
      }
      if (r.text(3) == "proxy") summary += "（代为填报）";
      timeline.push_back({from_millis(r.integer(2)), abnormal ? "checkin_abnormal" : "checkin", summary, r.integer(0)});
      checkin_list.push_back({{"id", r.integer(0)},
                              {"day", r.text(1)},
                              {"submitted_at", format_instant(from_millis(r.integer(2)))},
                              {"channel", r.text(3)},
                              {"temperature", r.real(4)},
                              {"location", r.text(5)},
                              {"work_status", r.text(7)},
                              {"abnormal", abnormal},
                              {"abnormal_reasons", reasons},
                              {"late", r.boolean(10)}});
    }

    // Entrance checks in the range.
    LL_TRY(auto checks, entrance_repo::of(tx, person.id, lt.start_of(from), lt.start_of(add_days(to, 1))));
    nlohmann::json entrance_list = nlohmann::json::array();
    for (const auto& c : checks) {
      timeline.push_back({c.at, "entrance",
                          "门岗测温：" + c.org_name + " " + celsius(c.temperature) + (c.alert ? "（体温异常）" : ""),
                          c.id});
      entrance_list.push_back(to_json(c, false));
    }

    // Household, cases and visits.
    LL_TRY(auto household, cases_repo::household_of(tx, person.id));
    nlohmann::json household_list = nlohmann::json::array();
    for (const auto& m : household) household_list.push_back(to_json(m, false));
    LL_TRY(auto observations, cases_repo::observations_of(tx, person.id));
    std::map<std::string, Instant> released_at;  // from the audit trail, which keeps the instant
    {
      std::string in;
      store::Params params{person.org_path};
      for (const auto& o : observations)
        if (o.released_on) {
          in += in.empty() ? "?" : ",?";
          params.emplace_back(std::to_string(o.id));
        }
      if (!in.empty()) {
        LL_TRY(auto rows, tx.query("SELECT entity_id, MAX(at) FROM audit_log WHERE org_path = ?"
                                   " AND action = 'health.observation.release' AND entity_id IN (" + in +
                                       ") GROUP BY entity_id",
                                   params));
        for (const auto& r : rows) released_at[r.text(0)] = from_millis(r.integer(1));
      }
    }
    nlohmann::json observation_list = nlohmann::json::array();
    for (const auto& o : observations) {
      observation_list.push_back(to_json(o));
      std::string subject = o.member_id ? "（" + o.subject_name + "）" : "";
      timeline.push_back({o.created_at, "observation_started",
                          "开始" + kind_zh(o.kind) + subject + "：" + o.reason + "，" + o.start_on + " 至 " +
                              o.planned_end_on,
                          o.id});
      for (const auto& v : o.visits) {
        std::string s = "上门随访" + subject + "：" + v.visitor;
        if (v.temperature) s += "，体温 " + celsius(*v.temperature) + (v.fever ? "（发热）" : "");
        if (v.findings && !v.findings->empty()) s += "，" + *v.findings;
        timeline.push_back({v.visited_at, "visit", s, v.id});
      }
      if (o.released_on) {
        auto it = released_at.find(std::to_string(o.id));
        Instant at = it != released_at.end() ? it->second : lt.start_of(*o.released_on);
        timeline.push_back({at, "observation_released",
                            "解除" + kind_zh(o.kind) + subject + "，" + *o.released_on, o.id});
      }
    }

    // Outings.
    LL_TRY(auto outings, outings_repo::of(tx, person.id));
    nlohmann::json outing_list = nlohmann::json::array();
    for (const auto& t : outings) {
      outing_list.push_back(to_json(t, now));
      timeline.push_back({t.created_at, "outing_requested", "外出报备：" + t.destination + "（" + t.purpose + "）", t.id});
      if (t.decided_at && (t.status == "approved" || t.status == "returned"))
        timeline.push_back({*t.decided_at, "outing_approved",
                            "外出获批：" + t.destination + (t.decided_by_name.empty() ? "" : "，审批人 " + t.decided_by_name),
                            t.id});
      if (t.returned_at) timeline.push_back({*t.returned_at, "outing_returned", "外出返回：" + t.destination, t.id});
    }

    // Notes.
    LL_TRY(auto notes, notes_of(tx, person.id));
    nlohmann::json note_list = nlohmann::json::array();
    for (const auto& n : notes) {
      note_list.push_back(to_json(n));
      timeline.push_back({n.at, "note", "备注（" + n.author_name + "）：" + n.text, n.id});
    }

    std::stable_sort(timeline.begin(), timeline.end(), [](const TimelineItem& a, const TimelineItem& b) {
      if (a.at != b.at) return a.at > b.at;
      return rank(a.kind) > rank(b.kind);
    });
    nlohmann::json items = nlohmann::json::array();
    for (const auto& t : timeline) items.push_back(to_json(t));

    return nlohmann::json{{"person", staff_repo::to_json(person, true)},
                          {"range", {{"from", from}, {"to", to}}},
                          {"household", household_list},
                          {"observations", observation_list},
                          {"outings", outing_list},
                          {"notes", note_list},
                          {"checkins", checkin_list},
                          {"entrance_checks", entrance_list},
                          {"timeline", items}};
  });
}

Result<Note> Files::add_note(const Actor& actor, int64_t staff_id, const std::string& text) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return Error::invalid("text", "must not be empty");
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Note> {
    LL_TRY(auto person, manageable(tx, actor, staff_id));
    LL_TRY(int64_t id, tx.insert("INSERT INTO health_notes (staff_id, at, author_id, author_name, text)"
                                 " VALUES (?,?,?,?,?) RETURNING id",
                                 {person.id, to_millis(now), actor.user_id ? store::Value(actor.user_id) : store::Value(),
                                  actor.display_name, text}));
    Note n{id, person.id, now, actor.display_name, text};
    nlohmann::json after = to_json(n);
    after["staff_id"] = person.id;
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.note.create", "health_note", std::to_string(id), person.org_id, person.org_path,
                            nullptr, after}));
    return n;
  });
}

Result<Staff> Files::me(const Actor& actor) {
  if (!actor.can(Permission::health_self)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Staff> {
    auto s = self(tx, actor);
    if (!s) return Error::not_found("您的账号未关联职工花名册，请联系本单位防疫专员 (your account is not on the staff register;"
                                    " ask your unit's health officer)");
    return *s;
  });
}

}  // namespace lifeline::app::health

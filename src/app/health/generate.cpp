#include "app/health/generate.h"

#include "app/health/checkin_counts.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "app/accounts/secrets.h"
#include "app/actor.h"
#include "app/audit/audit.h"
#include "app/health/settings.h"
#include "app/org/repo.h"

namespace lifeline::app::health {

namespace gen {

namespace {

// The hundred most common surnames (roughly by frequency: the first ones are drawn more often).
constexpr const char* kSurnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
    "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
    "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚",
    "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白",
    "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺",
    "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤"};
constexpr const char* kCompoundSurnames[] = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫"};
constexpr const char* kGiven[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀", "霞", "平", "刚", "桂", "英", "华", "文", "辉", "建", "国", "志", "红", "玲", "斌", "波", "宇",
    "浩", "凯", "鹏", "飞", "琳", "婷", "雪", "慧", "颖", "晨", "阳", "帆", "俊", "峰", "亮", "林", "海",
    "鑫", "欣", "怡", "佳", "晓", "春", "燕", "梅", "兰", "云", "龙", "振", "宏", "新", "德", "昊", "然",
    "琪", "思", "雨", "子", "嘉", "博", "睿", "泽", "轩", "诚", "毅", "湘", "蓉", "倩", "莉", "丹", "琴"};
constexpr const char* kMobilePrefixes[] = {"13", "13", "13", "15", "15", "18", "18", "17", "19", "14", "16"};

// Chinese New Year's Day by year: the Spring-Festival weeks bring the travel.
constexpr std::pair<int, const char*> kSpringFestival[] = {
    {2019, "2019-02-05"}, {2020, "2020-01-25"}, {2021, "2021-02-12"}, {2022, "2022-02-01"},
    {2023, "2023-01-22"}, {2024, "2024-02-10"}, {2025, "2025-01-29"}, {2026, "2026-02-17"},
    {2027, "2027-02-06"}, {2028, "2028-01-26"}, {2029, "2029-02-13"}, {2030, "2030-02-03"}};

struct HomeTown {
  const char* city;
  bool risk;  // a risk area (travel through it makes check-ins abnormal)
};
constexpr HomeTown kHomeTowns[] = {
    {"湖北省武汉市", true},  {"湖北省孝感市", true},  {"湖北省黄冈市", true},  {"湖南省邵阳市", false},
    {"湖南省常德市", false}, {"湖南省岳阳市", false}, {"湖南省衡阳市", false}, {"湖南省永州市", false},
    {"湖南省怀化市", false}, {"湖南省娄底市", false}, {"江西省萍乡市", false}, {"广东省广州市", false},
    {"广东省深圳市", false}, {"湖南省郴州市", false}, {"湖南省益阳市", false}, {"四川省成都市", false},
    {"湖南省张家界市", false}, {"贵州省铜仁市", false}, {"湖南省湘西州", false}, {"江西省宜春市", false}};

std::string two_digits(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

// The Spring Festival nearest `day` (the one of its year or of the next).
std::string spring_festival_near(const std::string& day) {
  const int year = std::stoi(day.substr(0, 4));
  std::string best = kSpringFestival[1].second;
  int best_gap = 1 << 30;
  for (const auto& [y, d] : kSpringFestival) {
    if (std::abs(y - year) > 1) continue;
    int gap = std::abs(days_between(d, day));
    if (gap < best_gap) best_gap = gap, best = d;
  }
  return best;
}

std::string id_number(Random& r) {
  // 湖南 area code, birth date, sequence, ISO 7064 check digit.
  static constexpr const char* kAreas[] = {"430102", "430103", "430104", "430105", "430111", "430121",
                                           "430202", "430204", "430302", "430405", "430602", "430702"};
  std::string s = kAreas[r.below(12)];
  s += std::to_string(r.between(1965, 2000)) + two_digits(r.between(1, 12)) + two_digits(r.between(1, 28));
  char seq[16];
  std::snprintf(seq, sizeof seq, "%03d", r.between(1, 999));
  s += seq;
  static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (s[i] - '0') * kWeights[i];
  s += "10X98765432"[sum % 11];
  return s;
}

struct PositionChoice {
  const char* position;
  bool key;
  double weight;
};

const std::vector<PositionChoice>& positions_for(const std::string& kind) {
  static const std::map<std::string, std::vector<PositionChoice>> kPositions = {
      {"water_plant",
       {{"制水工", true, 6}, {"值班长", true, 1}, {"化验员", false, 2}, {"机电维修工", true, 2},
        {"泵站运行工", false, 3}, {"综合管理员", false, 2}, {"厂长", false, 0.3}}},
      {"wastewater_plant",
       {{"污水处理工", true, 4}, {"化验员", false, 2}, {"设备维修工", false, 3}, {"综合管理员", false, 2}}},
      {"team", {{"管网抢修工", true, 6}, {"班长", true, 1}, {"驾驶员", false, 2}, {"焊工", false, 1.5}}},
      {"branch",
       {{"客户经理", false, 3}, {"抄表员", false, 4}, {"管网巡查员", false, 3}, {"调度员", true, 1},
        {"营业员", false, 3}}},
      {"department", {{"科员", false, 6}, {"主管", false, 2}, {"副部长", false, 0.5}, {"部长", false, 0.3}}},
  };
  auto it = kPositions.find(kind);
  return it == kPositions.end() ? kPositions.at("department") : it->second;
}

}  // namespace

std::string person_name(Random& r) {
  std::string name;
  if (r.chance(0.005)) {
    name = r.pick(kCompoundSurnames);
  } else {
    // Favour the common surnames: a squared uniform leans to the front of the list.
    double u = r.uniform();
    name = kSurnames[static_cast<size_t>(u * u * std::size(kSurnames))];
  }
  name += r.pick(kGiven);
  if (r.chance(0.7)) name += r.pick(kGiven);
  return name;
}

std::string mobile_phone(Random& r) {
  std::string p = r.pick(kMobilePrefixes);
  p[1] = static_cast<char>('3' + r.below(7));  // 13x … 19x
  for (int i = 0; i < 9; ++i) p += static_cast<char>('0' + r.below(10));
  return p;
}

BulkInsert::BulkInsert(store::Tx& tx, std::string table_columns, size_t columns, size_t rows_per_statement)
    : tx_(tx), head_("INSERT INTO " + std::move(table_columns) + " VALUES "), columns_(columns),
      per_statement_(std::max<size_t>(1, rows_per_statement)) {
  full_sql_ = statement(per_statement_);
  pending_.reserve(columns_ * per_statement_);
}

std::string BulkInsert::statement(size_t rows) const {
  std::string one = "(";
  for (size_t c = 0; c < columns_; ++c) one += c ? ",?" : "?";
  one += ")";
  std::string sql = head_;
  sql.reserve(head_.size() + rows * (one.size() + 1));
  for (size_t i = 0; i < rows; ++i) {
    if (i) sql += ',';
    sql += one;
  }
  return sql;
}

Status BulkInsert::add(store::Params row) {
  if (row.size() != columns_) return Error::internal("bulk insert: wrong number of values");
  for (auto& v : row) pending_.push_back(std::move(v));
  ++rows_;
  if (pending_.size() == columns_ * per_statement_) {
    LL_CHECK(tx_.execute(full_sql_, pending_));
    pending_.clear();
  }
  return {};
}

Status BulkInsert::flush() {
  if (pending_.empty()) return {};
  const size_t rows = pending_.size() / columns_;
  LL_CHECK(tx_.execute(rows == per_statement_ ? full_sql_ : statement(rows), pending_));
  pending_.clear();
  return {};
}

Result<std::vector<Person>> add_staff(store::Tx& tx, Random& r, int64_t utility_id, const std::vector<Unit>& units,
                                      int count, const std::string& employee_prefix, const std::string& joined_on,
                                      int64_t now_ms) {
  if (units.empty() || count <= 0) return std::vector<Person>{};
  double total = 0;
  for (const auto& u : units) total += u.weight;
  // Whole numbers per unit that add up to `count`.
  std::vector<int> per_unit(units.size());
  int assigned = 0;
  for (size_t i = 0; i < units.size(); ++i) {
    per_unit[i] = static_cast<int>(std::floor(count * units[i].weight / total));
    assigned += per_unit[i];
  }
  for (size_t i = 0; assigned < count; i = (i + 1) % units.size(), ++assigned) ++per_unit[i];

  BulkInsert staff(tx,
                   "staff (utility_id, org_id, org_path, employee_no, name, position, phone, id_number, key_post,"
                   " home_district, active, joined_on, created_at, updated_at)",
                   14, 500);
  static constexpr const char* kDistricts[] = {"城区", "高新区", "经开区", "河东片区", "河西片区", "县城"};
  int serial = 0;
  for (size_t i = 0; i < units.size(); ++i) {
    const auto& choices = positions_for(units[i].kind);
    double wsum = 0;
    for (const auto& c : choices) wsum += c.weight;
    for (int k = 0; k < per_unit[i]; ++k) {
      double x = r.uniform() * wsum;
      const PositionChoice* pos = &choices.back();
      for (const auto& c : choices) {
        if (x < c.weight) {
          pos = &c;
          break;
        }
        x -= c.weight;
      }
      char no[16];
      std::snprintf(no, sizeof no, "%06d", ++serial);
      LL_CHECK(staff.add({utility_id, units[i].id, units[i].path, employee_prefix + no, person_name(r),
                          std::string(pos->position), mobile_phone(r), id_number(r), pos->key ? 1 : 0,
                          std::string(r.pick(kDistricts)), 1, joined_on, now_ms, now_ms}));
    }
  }
  LL_CHECK(staff.flush());
  LL_TRY(auto rows, tx.query("SELECT s.id, s.org_id, s.org_path, s.name, s.key_post, s.user_id, o.kind FROM staff s"
                             " JOIN orgs o ON o.id = s.org_id WHERE s.utility_id = ? AND s.employee_no LIKE ?"
                             " ORDER BY s.id",
                             {utility_id, employee_prefix + "%"}));
  std::vector<Person> out;
  out.reserve(rows.size());
  for (const auto& row : rows)
    out.push_back({row.integer(0), row.integer(1), row.text(2), row.text(6), row.text(3), row.boolean(4),
                   row.opt_integer(5)});
  return out;
}

std::vector<std::string> abnormal_reasons(double temperature, double fever_celsius, bool symptoms, bool risk_travel,
                                          bool risk_area, const std::string& contact) {
  std::vector<std::string> out;
  if (temperature >= fever_celsius - 1e-9) out.push_back("fever");
  if (symptoms) out.push_back("symptoms");
  if (risk_travel) out.push_back("risk_travel");
  if (risk_area) out.push_back("risk_area");
  if (contact != "none") out.push_back("contact");
  return out;
}

namespace {

double round1(double v) { return std::round(v * 10) / 10; }

// One observation case (of the person or of a household member) within the history.
struct Case {
  std::string start, planned_end;
  bool member = false;
  bool centralised = false;
  std::string reason;
  const HomeTown* from = nullptr;
};

}  // namespace

Result<HistoryCounts> add_history(store::Tx& tx, Random& r, const std::vector<Person>& people, size_t begin,
                                  size_t end, const HistoryOptions& o) {
  HistoryCounts counts;
  const int ndays = days_between(o.first_day, o.last_day) + 1;
  if (ndays <= 0) return counts;
  std::vector<std::string> days;
  std::vector<int64_t> midnight;  // local midnight of each day, ms
  days.reserve(static_cast<size_t>(ndays));
  for (int d = 0; d < ndays; ++d) {
    days.push_back(add_days(o.first_day, d));
    midnight.push_back(to_millis(o.local.start_of(days.back())));
  }
  const std::string festival = o.spring_festival.value_or(spring_festival_near(o.first_day));
  const int festival_index = days_between(o.first_day, festival);  // may be outside [0, ndays)
  const bool festival_in_range = festival_index > -25 && festival_index < ndays + 10;
  std::vector<std::string> symptom_choices;
  for (const auto& s : o.symptoms)
    if (s != "发热") symptom_choices.push_back(s);
  if (symptom_choices.empty()) symptom_choices.push_back("乏力");
  const bool has_fever_symptom = std::find(o.symptoms.begin(), o.symptoms.end(), "发热") != o.symptoms.end();
  const store::Value officer = o.officer ? store::Value(*o.officer) : store::Value();

  BulkInsert checkins(tx,
                      "checkins (staff_id, org_id, org_path, day, submitted_at, channel, entered_by, temperature,"
                      " symptoms, location, city, risk_travel, risk_areas, contact, work_status, household, remarks,"
                      " late, fever, has_symptoms, abnormal, abnormal_reasons)",
                      22, 400);
  BulkInsert visits(tx, "observation_visits (observation_id, day, visited_at, visitor, temperature, findings, recorded_by)",
                    7, 400);
  BulkInsert outings(tx,
                     "outings (staff_id, org_path, destination, purpose, depart_at, planned_return_at, status,"
                     " decided_by, decided_at, decision_note, returned_at, created_at)",
                     12, 400);
  static constexpr const char* kDestinations[] = {"市中心医院", "小区附近超市", "区政务服务中心", "父母家",
                                                  "银行网点", "社区药店", "孩子学校", "车管所"};
  static constexpr const char* kPurposes[] = {"就医复诊", "采购生活物资", "办理业务", "看望老人", "购药", "接送孩子"};
  static constexpr const char* kReasons[] = {"自外地返回，按规定居家观察", "密切接触者的密切接触者", "同楼栋出现确诊病例",
                                             "体温异常复测后居家观察"};
  static constexpr const char* kRelationsPick[] = {"spouse", "parent", "child", "sibling"};
  static constexpr const char* kVisitors[] = {"社区网格员", "单位防疫联络员", "社区医生"};

  for (size_t pi = begin; pi < end && pi < people.size(); ++pi) {
    const Person& p = people[pi];
    // Habits of this person.
    const bool can_remote = p.unit_kind == "department" || p.unit_kind == "branch";
    const std::string base_status = p.key_post ? "on_duty" : (can_remote && r.chance(0.25) ? "remote" : "on_duty");
    const double c = r.uniform();
    const std::string channel = (c < 0.8 || !o.officer) ? "self" : (c < 0.95 ? "link" : "proxy");
    int habit = o.window_start + std::clamp(static_cast<int>(r.normal(40, 30)), 0, 170);
    if (o.deadline - o.window_start > 600) habit = 7 * 60 + std::clamp(static_cast<int>(r.normal(60, 45)), 0, 240);

    // Spring-Festival travel: leave a few days before, back (or still not back) after.
    int leave = -1, back = -1;
    const HomeTown* home = nullptr;
    if (festival_in_range && r.chance(0.06)) {
      leave = festival_index - r.between(1, 8);
      back = festival_index + r.between(2, 24);
      home = &kHomeTowns[r.chance(0.12) ? r.below(3) : 3 + r.below(static_cast<int>(std::size(kHomeTowns)) - 3)];
    }
    // Observation cases.
    std::vector<Case> cases;
    if (o.cases) {
      if (home && home->risk && back >= 0 && back < ndays && r.chance(0.8)) {
        Case k;
        k.start = days[static_cast<size_t>(back)];
        k.planned_end = add_days(k.start, 14);
        k.reason = std::string("自") + home->city + "返回，居家观察14天";
        k.centralised = r.chance(0.2);
        k.from = home;
        cases.push_back(k);
      } else if (r.chance(0.0012)) {
        Case k;
        k.start = days[static_cast<size_t>(r.below(ndays))];
        k.planned_end = add_days(k.start, r.chance(0.5) ? 14 : 7);
        k.reason = r.pick(kReasons);
        k.centralised = r.chance(0.15);
        cases.push_back(k);
      }
      if (r.chance(0.001)) {
        Case k;
        k.member = true;
        k.start = days[static_cast<size_t>(r.below(ndays))];
        k.planned_end = add_days(k.start, 14);
        k.from = &kHomeTowns[r.below(3)];
        k.reason = std::string("家属自") + k.from->city + "返回";
        cases.push_back(k);
      }
    }
    std::optional<std::string> household_json;
    for (auto& k : cases) {
      std::optional<int64_t> member_id;
      std::string subject = p.name;
      if (k.member) {
        subject = person_name(r);
        const bool active = k.planned_end > o.last_day;
        LL_TRY(int64_t id, tx.insert("INSERT INTO household_members (staff_id, name, relation, phone, risk_status,"
                                     " recent_travel, returned_from, returned_on, updated_at)"
                                     " VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
                                     {p.id, subject, std::string(r.pick(kRelationsPick)), mobile_phone(r),
                                      std::string(active ? "home_observation" : "normal"), std::string(k.from->city),
                                      std::string(k.from->city), k.start, midnight.front()}));
        member_id = id;
        ++counts.household_members;
        nlohmann::json h = nlohmann::json::array({{{"name", subject}, {"status", "home_observation"}}});
        household_json = h.dump();
      }
      const bool released = k.planned_end <= o.last_day;
      const int start_index = days_between(o.first_day, k.start);
      LL_TRY(int64_t obs, tx.insert("INSERT INTO observations (staff_id, org_path, member_id, subject_name, kind, reason,"
                                    " start_on, planned_end_on, released_on, released_by, created_at)"
                                    " VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                                    {p.id, p.org_path, member_id ? store::Value(*member_id) : store::Value(), subject,
                                     std::string(k.centralised ? "centralised" : "home"), k.reason, k.start,
                                     k.planned_end, released ? store::Value(k.planned_end) : store::Value(),
                                     released ? officer : store::Value(),
                                     midnight[static_cast<size_t>(start_index)] + 9 * 3600000L}));
      ++counts.observations;
      const int until = std::min(ndays - 1, days_between(o.first_day, k.planned_end) - 1);
      for (int d = start_index; d <= until; ++d) {
        const bool today = o.now_minute && d == ndays - 1;
        if (r.chance(0.03) || (today && *o.now_minute < 10 * 60)) continue;  // a missed visit
        const int minute = today ? std::min(*o.now_minute - 1, 9 * 60 + r.below(120)) : 9 * 60 + r.below(120);
        LL_CHECK(visits.add({obs, days[static_cast<size_t>(d)],
                             midnight[static_cast<size_t>(d)] + minute * 60000L + r.below(60000),
                             std::string(r.pick(kVisitors)), round1(std::clamp(r.normal(36.5, 0.2), 36.0, 37.1)),
                             std::string(r.chance(0.9) ? "体温正常，无不适" : "自述轻微乏力，继续观察"), officer}));
        ++counts.visits;
      }
    }

    for (int d = 0; d < ndays; ++d) {
      const std::string& day = days[static_cast<size_t>(d)];
      const bool today = o.now_minute && d == ndays - 1;
      const Case* under = nullptr;  // the person's own observation that day
      bool member_observed = false;
      for (const auto& k : cases) {
        if (day >= k.start && day < k.planned_end) {
          if (k.member)
            member_observed = true;
          else
            under = &k;
        }
      }
      // Outings (in town, not isolated).
      const bool travelling = home && d >= leave && d < back;
      if (o.cases && !travelling && !under && r.chance(0.002)) {
        const int64_t depart = midnight[static_cast<size_t>(d)] + (8 * 60 + r.below(7 * 60)) * 60000L;
        const int64_t planned = depart + (2 + r.below(6)) * 3600000L;
        const int64_t created = depart - (30 + r.below(600)) * 60000L;
        std::string status = "returned";
        store::Value returned;
        if (d == ndays - 1 && o.now_minute) {
          status = r.chance(0.5) ? "approved" : "requested";
        } else if (r.chance(0.02)) {
          status = "rejected";
        } else {
          returned = planned + (r.chance(0.05) ? r.below(180) : -r.below(60)) * 60000L;
        }
        const bool decided = status != "requested";
        LL_CHECK(outings.add({p.id, p.org_path, std::string(r.pick(kDestinations)), std::string(r.pick(kPurposes)), depart,
                              planned, status, decided ? officer : store::Value(),
                              decided ? store::Value(created + 20 * 60000L) : store::Value(),
                              status == "rejected" ? store::Value("疫情期间非必要不外出") : store::Value(), returned,
                              created}));
        ++counts.outings;
      }

      // Did they check in that day?
      double rate = today ? o.today_rate : o.checkin_rate;
      if (under) rate = std::max(rate, 0.99);
      if (!r.chance(rate)) continue;
      int minute = habit + static_cast<int>(r.normal(0, 12));
      if (r.chance(0.03)) minute = o.deadline + r.between(5, 240);  // late
      if (d == 0 && o.first_day_from) minute = *o.first_day_from + r.between(10, 8 * 60);
      minute = std::clamp(minute, 0, 1439);
      if (today) {
        if (*o.now_minute <= 1) continue;
        if (minute >= *o.now_minute) minute = r.below(*o.now_minute);
      }
      const int64_t submitted = midnight[static_cast<size_t>(d)] + minute * 60000L + r.below(60000);

      std::string location = "in_town";
      store::Value city;
      std::string work = base_status;
      if (travelling) {
        location = d < festival_index + 7 ? "away" : "not_returned";
        city = std::string(home->city);
        work = "leave";
      } else if (under) {
        work = "isolated";
      } else if (r.chance(0.01)) {
        work = "leave";
      }
      bool risk_travel = false;
      store::Value risk_areas;
      if (home && home->risk && d >= leave && d < back + 14) {
        risk_travel = true;
        risk_areas = std::string(home->city);
      }
      const bool fever_day = r.chance(under ? 0.02 : 0.003);
      const double temperature = fever_day ? round1(o.fever_celsius + r.uniform() * 1.3)
                                           : round1(std::clamp(r.normal(36.5, 0.22), 35.8, o.fever_celsius - 0.1));
      nlohmann::json symptoms = nlohmann::json::array();
      if (fever_day && has_fever_symptom && r.chance(0.6)) symptoms.push_back("发热");
      if (r.chance(0.01)) {
        symptoms.push_back(r.pick(symptom_choices));
        if (r.chance(0.3)) {
          const std::string& second = r.pick(symptom_choices);
          if (symptoms.back() != second) symptoms.push_back(second);
        }
      }
      std::string contact = "none";
      if (r.chance(0.0004)) contact = r.chance(0.8) ? "suspected" : "confirmed";
      const bool in_risk_area = travelling && home->risk;
      const auto reasons =
          abnormal_reasons(temperature, o.fever_celsius, !symptoms.empty(), risk_travel, in_risk_area, contact);
      store::Value remarks;
      if (fever_day) remarks = std::string(r.chance(0.5) ? "已到发热门诊就诊" : "复测后报告");
      else if (travelling && location == "not_returned") remarks = std::string("返程车票已订");
      const std::string ch = under && o.officer ? "proxy" : channel;
      LL_CHECK(checkins.add({p.id, p.org_id, p.org_path, day, submitted, ch, ch == "proxy" ? officer : store::Value(),
                             temperature, symptoms.dump(), location, city, risk_travel ? 1 : 0, risk_areas, contact,
                             work, member_observed ? store::Value(household_json) : store::Value(), remarks,
                             minute > o.deadline ? 1 : 0, temperature >= o.fever_celsius - 1e-9 ? 1 : 0,
                             symptoms.empty() ? 0 : 1, reasons.empty() ? 0 : 1,
                             reasons.empty() ? store::Value() : store::Value(nlohmann::json(reasons).dump())}));
      ++counts.checkins;
    }
  }
  LL_CHECK(checkins.flush());
  LL_CHECK(visits.flush());
  LL_CHECK(outings.flush());
  return counts;
}

Result<int64_t> add_entrance_checks(store::Tx& tx, Random& r, const std::vector<Unit>& sites,
                                    const std::vector<Person>& people, const HistoryOptions& o, int per_site_day) {
  BulkInsert checks(tx,
                    "entrance_checks (org_id, org_path, at, staff_id, visitor_name, visitor_phone, purpose, host,"
                    " temperature, alert, recorded_by)",
                    11, 400);
  static constexpr const char* kPurposes[] = {"设备检修", "送货", "水质抽检", "业务洽谈", "施工配合"};
  const int ndays = days_between(o.first_day, o.last_day) + 1;
  const store::Value officer = o.officer ? store::Value(*o.officer) : store::Value();
  for (const auto& site : sites) {
    std::vector<const Person*> staff;
    for (const auto& p : people)
      if (p.org_id == site.id) staff.push_back(&p);
    for (int d = 0; d < ndays; ++d) {
      const std::string day = add_days(o.first_day, d);
      const int64_t midnight = to_millis(o.local.start_of(day));
      const bool today = o.now_minute && d == ndays - 1;
      for (int k = 0; k < per_site_day; ++k) {
        int minute = 7 * 60 + r.below(150);
        if (today && minute >= *o.now_minute) continue;
        const bool visitor = staff.empty() || r.chance(0.15);
        const double temperature =
            r.chance(0.003) ? round1(o.fever_celsius + r.uniform()) : round1(std::clamp(r.normal(36.4, 0.25), 35.6, o.fever_celsius - 0.1));
        const bool alert = temperature >= o.fever_celsius - 1e-9;
        if (visitor) {
          LL_CHECK(checks.add({site.id, site.path, midnight + minute * 60000L, store::Value(), person_name(r),
                               mobile_phone(r), std::string(r.pick(kPurposes)),
                               staff.empty() ? std::string("值班室") : staff[r.below(static_cast<int>(staff.size()))]->name,
                               temperature, alert ? 1 : 0, officer}));
        } else {
          const Person* p = staff[r.below(static_cast<int>(staff.size()))];
          LL_CHECK(checks.add({site.id, site.path, midnight + minute * 60000L, p->id, store::Value(), store::Value(),
                               store::Value(), store::Value(), temperature, alert ? 1 : 0, officer}));
        }
      }
    }
  }
  LL_CHECK(checks.flush());
  return checks.rows();
}

}  // namespace gen

namespace {

struct UtilityPlan {
  const char* city;     // 衡阳
  const char* name;     // 衡阳水务集团
  double size;          // relative staff
};

constexpr UtilityPlan kUtilities[] = {
    {"衡阳", "衡阳水务集团", 1.6},       {"岳阳", "岳阳市水务集团", 1.4},   {"常德", "常德市城市发展集团水务公司", 1.3},
    {"益阳", "益阳市自来水公司", 0.9},   {"郴州", "郴州市自来水公司", 1.0}, {"永州", "永州市自来水公司", 0.9},
    {"怀化", "怀化市自来水公司", 0.9},   {"娄底", "娄底市水务局供水公司", 0.8}, {"吉首", "吉首市自来水公司", 0.6},
    {"张家界", "张家界市自来水公司", 0.6}, {"邵阳", "邵阳市供水集团", 1.0},    {"湘潭", "湘潭市水务集团", 1.3},
    {"浏阳", "浏阳市水务集团", 0.8},     {"宁乡", "宁乡市供水公司", 0.7},   {"醴陵", "醴陵市供水公司", 0.6},
    {"耒阳", "耒阳市自来水公司", 0.6},   {"汨罗", "汨罗市自来水公司", 0.5}, {"沅江", "沅江市自来水公司", 0.5},
    {"冷水江", "冷水江市供水公司", 0.5}, {"资兴", "资兴市自来水公司", 0.4}, {"武汉", "武汉水务集团", 3.0},
    {"南昌", "南昌水业集团", 2.0},       {"广州", "广州市自来水公司", 4.0}, {"贵阳", "贵阳水务集团", 1.8},
    {"南宁", "南宁建宁水务集团", 1.8},   {"昆明", "昆明自来水集团", 2.0},   {"成都", "成都市自来水公司", 3.0},
    {"重庆", "重庆水务集团", 3.5},       {"福州", "福州水务集团", 1.6},     {"合肥", "合肥供水集团", 1.7},
};

constexpr const char* kPlantNumbers[] = {"第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八"};

}  // namespace

Result<GenerateResult> generate(store::Database& db, const GenerateOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  if (o.utilities < 1 || o.utilities > 99) return Error::invalid("utilities", "must be 1 to 99");
  if (o.staff < o.utilities) return Error::invalid("staff", "must be at least one per utility");
  if (o.days < 1 || o.days > 3660) return Error::invalid("days", "must be 1 to 3660");
  LL_TRY(auto local, LocalTime::load(o.time_zone));
  SystemClock clock;
  const int64_t now_ms = to_millis(clock.now());
  std::string last_day = add_days(local.date(clock.now()), -1);
  if (o.end) {
    LL_TRY(last_day, parse_date(*o.end, "end"));
  }
  const std::string first_day = add_days(last_day, -(o.days - 1));
  LL_CHECK(init_secrets());
  LL_TRY(std::string hash,
         hash_password(o.password, o.fast_password_hash ? PasswordCost::min : PasswordCost::interactive));

  GenerateResult out;
  out.first_day = first_day;
  out.last_day = last_day;
  gen::Random r(o.seed);
  Settings settings;
  if (o.open_window) {
    settings.window_start = 0;
    settings.deadline = 23 * 60 + 59;
  }
  gen::HistoryOptions history;
  history.first_day = first_day;
  history.last_day = last_day;
  history.local = local;
  history.window_start = settings.window_start;
  history.deadline = settings.deadline;
  history.fever_celsius = settings.fever_celsius;
  history.symptoms = settings.symptoms;

  // Staff per utility, by size.
  double total_size = 0;
  for (int u = 0; u < o.utilities; ++u) total_size += kUtilities[u % std::size(kUtilities)].size;
  std::vector<int> staff_of(static_cast<size_t>(o.utilities));
  int given = 0;
  for (int u = 0; u < o.utilities; ++u) {
    staff_of[static_cast<size_t>(u)] =
        std::max(1, static_cast<int>(o.staff * kUtilities[u % std::size(kUtilities)].size / total_size));
    given += staff_of[static_cast<size_t>(u)];
  }
  for (int u = 0; given != o.staff; u = (u + 1) % o.utilities) {
    if (given < o.staff) {
      ++staff_of[static_cast<size_t>(u)], ++given;
    } else if (staff_of[static_cast<size_t>(u)] > 1) {
      --staff_of[static_cast<size_t>(u)], --given;
    }
  }

  for (int u = 0; u < o.utilities; ++u) {
    const UtilityPlan& plan = kUtilities[u % std::size(kUtilities)];
    const std::string code = o.code_prefix + gen::two_digits(u + 1);
    GeneratedUtility g;
    g.code = code;
    g.name = u < static_cast<int>(std::size(kUtilities)) ? std::string(plan.name)
                                                         : std::string(plan.name) + "（" + std::to_string(u + 1) + "）";
    std::vector<gen::Unit> units, sites;
    int64_t officer = 0;
    // The utility, its units, logins, settings and risk areas.
    LL_CHECK(db.run(store::TxMode::write, [&](store::Tx& tx) -> Status {
      LL_TRY(auto taken, org::repo::find_by_code(tx, code));
      if (taken) return Error::conflict("an org with code " + code + " exists: generated already (use --prefix)");
      LL_TRY(auto root, org::repo::find(tx, 1));
      if (!root) return Error::internal("the root association is missing");
      const Instant now = from_millis(now_ms);
      LL_TRY(g.id, org::repo::insert(tx, {1, "utility", code, g.name, std::nullopt, std::nullopt, std::nullopt},
                                     root->path, now));
      const std::string upath = root->path + std::to_string(g.id) + "/";
      int serial = 0;
      auto add_unit = [&](int64_t parent, const std::string& parent_path, const char* kind, const std::string& name,
                          double weight) -> Result<gen::Unit> {
        const std::string ucode = code + "-" + gen::two_digits(++serial);
        LL_TRY(int64_t id, org::repo::insert(tx, {parent, kind, ucode, name, std::nullopt, std::nullopt, std::nullopt},
                                             parent_path, now));
        gen::Unit unit{id, parent_path + std::to_string(id) + "/", kind, name, weight};
        units.push_back(unit);
        return unit;
      };
      for (auto [name, w] : {std::pair{"集团办公室", 1.0}, {"人力资源部", 0.6}, {"安全生产部", 0.8}, {"财务部", 0.6},
                             {"水质监测中心", 1.5}, {"客户服务中心", 3.0}}) {
        LL_CHECK(add_unit(g.id, upath, "department", name, w));
      }
      const int plants = 2 + r.below(4);
      for (int i = 0; i < plants; ++i) {
        LL_TRY(auto site, add_unit(g.id, upath, "water_plant", std::string(kPlantNumbers[i]) + "水厂", 4.0));
        sites.push_back(site);
      }
      LL_TRY(auto wwtp, add_unit(g.id, upath, "wastewater_plant", std::string(plan.city) + "污水处理厂", 3.0));
      sites.push_back(wwtp);
      LL_TRY(auto supply, add_unit(g.id, upath, "branch", "供水服务分公司", 3.0));
      for (auto [name, w] : {std::pair{"管网抢修一队", 2.5}, {"管网抢修二队", 2.5}, {"供水保障党员突击队", 1.0},
                             {"二次供水维保班", 1.5}}) {
        LL_CHECK(add_unit(supply.id, supply.path, "team", name, w));
      }
      for (auto name : {"东区营业所", "西区营业所"}) LL_CHECK(add_unit(g.id, upath, "branch", name, 2.0));

      g.health_login = code + "_health";
      g.commander_login = code + "_commander";
      LL_TRY(officer, tx.insert("INSERT INTO users (username, display_name, role, org_id, password_hash, phone,"
                                " disabled, created_at) VALUES (?,?,?,?,?,?,0,?) RETURNING id",
                                {g.health_login, gen::person_name(r), "health_officer", g.id, hash,
                                 gen::mobile_phone(r), now_ms}));
      LL_CHECK(tx.execute("INSERT INTO users (username, display_name, role, org_id, password_hash, phone, disabled,"
                          " created_at) VALUES (?,?,?,?,?,?,0,?)",
                          {g.commander_login, gen::person_name(r), "commander", g.id, hash, gen::mobile_phone(r),
                           now_ms}));
      if (o.tokens) {
        g.token = random_token("llt_");
        LL_CHECK(tx.execute("INSERT INTO api_tokens (user_id, name, token_hash, scope, created_at) VALUES (?,?,?,?,?)",
                            {officer, "health load", token_hash(g.token), "write", now_ms}));
      }
      LL_CHECK(save_settings(tx, g.id, settings, now_ms));
      for (auto [area, level] : {std::pair{"湖北省武汉市", "high"}, {"湖北省孝感市", "high"},
                                 {"湖北省黄冈市", "high"}, {"浙江省温州市", "medium"}}) {
        LL_CHECK(tx.execute("INSERT INTO risk_areas (utility_id, name, level, valid_from, valid_to, created_at)"
                            " VALUES (?,?,?,?,NULL,?)",
                            {g.id, area, level, first_day, now_ms}));
      }
      return {};
    }));
    out.units += static_cast<int64_t>(units.size()) + 1;
    history.officer = officer;

    // The register.
    std::vector<gen::Person> people;
    LL_CHECK(db.run(store::TxMode::write, [&](store::Tx& tx) -> Status {
      LL_TRY(people, gen::add_staff(tx, r, g.id, units, staff_of[static_cast<size_t>(u)], code.substr(o.code_prefix.size()) + "",
                                    add_days(first_day, -365), now_ms));
      return {};
    }));
    if (people.empty()) return Error::internal("no staff generated");
    g.staff = static_cast<int64_t>(people.size());
    g.first_staff_id = people.front().id;
    g.last_staff_id = people.back().id;
    out.staff += g.staff;
    // Person by person in the order of their unit (index locality), ~100k check-ins a transaction.
    std::stable_sort(people.begin(), people.end(),
                     [](const gen::Person& a, const gen::Person& b) { return a.org_path < b.org_path; });
    const size_t chunk = std::max<size_t>(50, static_cast<size_t>(100000 / o.days));
    for (size_t begin = 0; begin < people.size(); begin += chunk) {
      LL_CHECK(db.run(store::TxMode::write, [&](store::Tx& tx) -> Status {
        LL_TRY(auto c, gen::add_history(tx, r, people, begin, std::min(people.size(), begin + chunk), history));
        out.checkins += c.checkins;
        out.observations += c.observations;
        out.visits += c.visits;
        out.outings += c.outings;
        out.household_members += c.household_members;
        return {};
      }));
    }
    LL_CHECK(db.run(store::TxMode::write, [&](store::Tx& tx) -> Status {
      LL_TRY(int64_t n, gen::add_entrance_checks(tx, r, sites, people, history, 12));
      out.entrance_checks += n;
      // The census counts of the generated days, from the rows (checkin_counts.h).
      LL_TRY(auto path, tx.query_one("SELECT path FROM orgs WHERE id = ?", {g.id}));
      if (!path) return Error::internal("generated utility vanished");
      return recount_checkins(tx, path->text(0), first_day, last_day);
    }));
    out.utilities.push_back(std::move(g));
  }

  // A level-I emergency over the whole association from the first day (unless one is active there).
  LL_CHECK(db.run(store::TxMode::write, [&](store::Tx& tx) -> Status {
    LL_TRY(auto active, tx.query_one("SELECT id FROM emergencies WHERE status = 'active' AND org_id = 1"));
    if (!active) {
      const int64_t start = to_millis(local.start_of(first_day));
      LL_TRY(int64_t id, tx.insert("INSERT INTO emergencies (org_id, name, level, region, status, started_at)"
                                   " VALUES (1, ?, 'I', ?, 'active', ?) RETURNING id",
                                   {"新冠肺炎疫情防控应急响应（规模测试）", "全省", start}));
      LL_CHECK(tx.execute("INSERT INTO emergency_orgs (emergency_id, org_id) VALUES (?, 1)", {id}));
      LL_CHECK(tx.execute("INSERT INTO emergency_history (emergency_id, at, action, level) VALUES (?,?,'declared','I')",
                          {id, start}));
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return audit::record(tx, Actor::system("health generate"), from_millis(now_ms),
                         {"health.generate", "health", "", 1, "/1/", nullptr,
                          {{"utilities", o.utilities}, {"staff", out.staff}, {"days", o.days},
                           {"first_day", first_day}, {"last_day", last_day}, {"checkins", out.checkins},
                           {"seed", o.seed}}});
  }));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace lifeline::app::health

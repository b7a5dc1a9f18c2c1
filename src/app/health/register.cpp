#include "app/health/register.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "app/audit/audit.h"
#include "app/health/access.h"
#include "app/health/staff_repo.h"
#include "core/local_time.h"
#include "sheets/table.h"
#include "store/like.h"

namespace lifeline::app::health {

using store::Tx;
using store::TxMode;

namespace {

// ---------------------------------------------------------------- field rules (API and import alike)

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Mobile numbers (13812345678, +86 138 1234 5678) and landlines (0731-88888888):
// spaces and dashes between digits allowed; stored without spaces.
Result<std::string> normalize_phone(std::string_view text, const std::string& field) {
  std::string out;
  size_t digits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ') continue;
    if (c == '+' && out.empty()) {
      out += c;
      continue;
    }
    if (c == '-' && !out.empty() && out.back() != '-') {
      out += c;
      continue;
    }
    if (!is_digit(c)) return Error::invalid(field, "not a phone number (digits, spaces and dashes only)");
    out += c;
    ++digits;
  }
  if (!out.empty() && out.back() == '-') out.pop_back();
  std::string bare;
  for (char c : out)
    if (is_digit(c)) bare += c;
  if (out.starts_with("+86")) bare = bare.substr(2);
  else if (out.starts_with("+")) return Error::invalid(field, "only mainland numbers (+86) are accepted");
  if (bare.size() == 11 && bare[0] == '1') {
    if (bare[1] < '3') return Error::invalid(field, "not a mobile number (13x … 19x)");
    return bare;  // a mobile: digits only
  }
  if (digits < 7 || digits > 13 || bare.size() == 11)
    return Error::invalid(field, "must be an 11-digit mobile number or a landline with area code");
  return out;
}

// 18-character resident ID (GB 11643, with its check character) or the old 15-digit form.
Result<std::string> normalize_id_number(std::string_view text, const std::string& field) {
  std::string id(text);
  for (auto& c : id)
    if (c == 'x') c = 'X';
  if (id.size() == 15 && std::all_of(id.begin(), id.end(), is_digit)) return id;
  if (id.size() != 18 || !std::all_of(id.begin(), id.begin() + 17, is_digit) || !(is_digit(id[17]) || id[17] == 'X'))
    return Error::invalid(field, "must be an 18-character ID number");
  static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char checks[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[static_cast<size_t>(i)] - '0') * weights[i];
  if (checks[sum % 11] != id[17]) return Error::invalid(field, "check character does not match (a typo?)");
  return id;
}

Result<std::string> check_employee_no(std::string_view text, const std::string& field) {
  if (text.empty()) return Error::invalid(field, "must not be empty");
  if (text.size() > 40) return Error::invalid(field, "at most 40 characters");
  for (char c : text)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return Error::invalid(field, "must not contain spaces");
  return std::string(text);
}

size_t utf8_chars(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

Result<std::string> check_text(std::string_view text, const std::string& field, size_t max_chars, bool required) {
  if (required && text.empty()) return Error::invalid(field, "must not be empty");
  if (utf8_chars(text) > max_chars) return Error::invalid(field, "at most " + std::to_string(max_chars) + " characters");
  return std::string(text);
}

std::optional<bool> parse_flag(std::string_view text) {
  std::string s(text);
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s.empty() || s == "否" || s == "n" || s == "no" || s == "0" || s == "false" || s == "非") return false;
  if (s == "是" || s == "y" || s == "yes" || s == "1" || s == "true" || s == "√") return true;
  return std::nullopt;
}

std::optional<std::string> non_empty(std::string s) {
  if (s.empty()) return std::nullopt;
  return s;
}

std::string today(const Runtime& rt) {
  auto tz = LocalTime::load(rt.config.time_zone);
  if (!tz) return "1970-01-01";
  return tz->date(rt.clock.now());
}

nlohmann::json audit_json(const Staff& s) { return staff_repo::to_json(s, false); }

// ---------------------------------------------------------------- import columns

enum class Column { employee_no, name, unit, position, phone, key_post, home_district, id_number };

struct ColumnInfo {
  Column column;
  const char* canonical;  // "工号/employee_no" in errors when the column is missing
  std::vector<std::string> names;
};

const std::vector<ColumnInfo>& columns() {
  static const std::vector<ColumnInfo> all = {
      {Column::employee_no, "工号", {"工号", "员工编号", "职工编号", "人员编号", "员工号", "employee_no", "employeeno", "employeenumber"}},
      {Column::name, "姓名", {"姓名", "名字", "name"}},
      {Column::unit, "部门", {"部门", "单位", "所属部门", "所属单位", "部门名称", "单位名称", "unit", "department", "org"}},
      {Column::position, "岗位", {"岗位", "职务", "职位", "岗位名称", "position", "title"}},
      {Column::phone, "手机", {"手机", "手机号", "手机号码", "电话", "联系电话", "电话号码", "phone", "mobile"}},
      {Column::key_post, "关键岗位", {"关键岗位", "是否关键岗位", "key_post", "keypost"}},
      {Column::home_district, "居住区", {"居住区", "家庭住址区县", "居住区县", "居住地区", "家庭住址", "home_district", "homedistrict", "district"}},
      {Column::id_number, "身份证号", {"身份证号", "身份证号码", "身份证", "证件号码", "id_number", "idnumber"}},
  };
  return all;
}

// "手机号码（必填）*" → "手机号码"; "Employee No" → "employeeno".
std::string header_key(const std::string& header) {
  std::string s = header;
  for (const char* open : {"(", "（"}) {
    auto p = s.find(open);
    if (p != std::string::npos) s = s.substr(0, p);
  }
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '*' || c == '_' || c == '-') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (out == "employeeno" || out == "employeenumber") return "employeeno";
  return out;
}

std::optional<Column> column_for(const std::string& header) {
  std::string key = header_key(header);
  if (key.empty()) return std::nullopt;
  for (const auto& info : columns())
    for (const auto& n : info.names) {
      std::string k = n;
      k.erase(std::remove(k.begin(), k.end(), '_'), k.end());
      if (key == k) return info.column;
    }
  return std::nullopt;
}

struct UnitRef {
  int64_t id;
  std::string path, name;
};

// What one valid row asks for.
struct Wanted {
  int line;
  std::string employee_no, name;
  UnitRef unit;
  std::optional<std::string> position, phone, id_number, home_district;
  bool key_post = false;
};

}  // namespace

// ---------------------------------------------------------------- reads

Result<StaffPage> Register::list(const Actor& actor, const StaffQuery& query) {
  if (!actor.can(Permission::health_records)) return Error::forbidden();
  if (query.limit < 1 || query.limit > 500) return Error::invalid("limit", "must be between 1 and 500");
  if (query.offset < 0) return Error::invalid("offset", "must not be negative");
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<StaffPage> {
    LL_TRY(auto sc, scope(tx, actor, query.org));
    std::string where = "WHERE s.org_path LIKE ? ESCAPE '\\'";
    store::Params params{store::like_prefix(sc.path)};
    if (!query.q.empty()) {
      std::string pattern = "%" + store::like_prefix(query.q);
      where += " AND (s.name LIKE ? ESCAPE '\\' OR s.employee_no LIKE ? ESCAPE '\\')";
      params.emplace_back(pattern);
      params.emplace_back(pattern);
    }
    LL_TRY(auto total, tx.query_one("SELECT COUNT(*) FROM staff s " + where, params));
    StaffPage page;
    page.total = total ? total->integer(0) : 0;
    params.emplace_back(int64_t{query.limit});
    params.emplace_back(int64_t{query.offset});
    LL_TRY(auto rows, tx.query(std::string(staff_repo::kSelect) + where +
                                   " ORDER BY s.org_path, s.employee_no, s.id LIMIT ? OFFSET ?",
                               params));
    for (const auto& r : rows) page.items.push_back(staff_repo::from_row(r));
    return page;
  });
}

Result<Staff> Register::get(const Actor& actor, int64_t id) {
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return readable(tx, actor, id); });
}

// ---------------------------------------------------------------- create / change

namespace {

// The unit a person is placed in: in the actor's subtree and inside `utility` (when given).
Result<UnitRef> placement(Tx& tx, const Actor& actor, int64_t org_id, std::optional<int64_t> utility,
                          int64_t& utility_out) {
  LL_TRY(auto row, tx.query_one("SELECT id, path, name FROM orgs WHERE id = ?", {org_id}));
  if (!row || !actor.sees(row->text(1))) return Error::invalid("org_id", "no such org unit in your scope");
  LL_TRY(auto u, utility_of(tx, row->text(1)));
  if (!u) return Error::invalid("org_id", "choose a unit of a utility, not the association");
  if (utility && *u != *utility) return Error::invalid("org_id", "the unit belongs to another utility");
  utility_out = *u;
  return UnitRef{row->integer(0), row->text(1), row->text(2)};
}

// The login a person checks in with: an existing account in the actor's scope,
// not yet linked to someone else.
Result<std::optional<int64_t>> login_for(Tx& tx, const Actor& actor, const std::optional<std::string>& username,
                                         int64_t staff_id) {
  if (!username) return std::optional<int64_t>();
  LL_TRY(auto row, tx.query_one("SELECT u.id, o.path FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.username = ?",
                                {*username}));
  if (!row || !actor.sees(row->text(1))) return Error::invalid("username", "no such user in your scope");
  LL_TRY(auto other, tx.query_one("SELECT employee_no FROM staff WHERE user_id = ? AND id <> ?",
                                  {row->integer(0), staff_id}));
  if (other) return Error::invalid("username", "already linked to employee number " + other->text(0));
  return std::optional<int64_t>(row->integer(0));
}

struct Checked {
  std::vector<FieldError> errors;
  template <typename T>
  std::optional<T> take(Result<T> r) {
    if (r) return std::move(*r);
    for (auto& f : r.error().fields) errors.push_back(f);
    if (r.error().fields.empty()) errors.push_back({"", r.error().message});
    return std::nullopt;
  }
};

// Applies the input's plain fields to `s`, collecting field errors.
void apply_fields(const StaffInput& in, Staff& s, Checked& c) {
  auto opt_text = [&](const std::optional<std::optional<std::string>>& v, const char* field, size_t max,
                      std::optional<std::string>& target) {
    if (!v) return;
    if (!*v || (*v)->empty()) {
      target.reset();
      return;
    }
    if (auto t = c.take(check_text(**v, field, max, false))) target = *t;
  };
  if (in.employee_no)
    if (auto v = c.take(check_employee_no(*in.employee_no, "employee_no"))) s.employee_no = *v;
  if (in.name)
    if (auto v = c.take(check_text(*in.name, "name", 50, true))) s.name = *v;
  opt_text(in.position, "position", 50, s.position);
  opt_text(in.home_district, "home_district", 50, s.home_district);
  if (in.phone) {
    if (!*in.phone || (*in.phone)->empty()) s.phone.reset();
    else if (auto v = c.take(normalize_phone(**in.phone, "phone"))) s.phone = *v;
  }
  if (in.id_number) {
    if (!*in.id_number || (*in.id_number)->empty()) s.id_number.reset();
    else if (auto v = c.take(normalize_id_number(**in.id_number, "id_number"))) s.id_number = *v;
  }
  if (in.key_post) s.key_post = *in.key_post;
  if (in.joined_on)
    if (auto v = c.take(parse_date(*in.joined_on, "joined_on"))) s.joined_on = *v;
  if (in.left_on) {
    if (!*in.left_on || (*in.left_on)->empty()) s.left_on.reset();
    else if (auto v = c.take(parse_date(**in.left_on, "left_on"))) s.left_on = *v;
  }
  if (in.active) s.active = *in.active;
}

Status write_staff(Tx& tx, Staff& s, Instant now, bool create) {
  if (create) {
    LL_TRY(s.id, tx.insert("INSERT INTO staff (utility_id, org_id, org_path, employee_no, name, position, phone,"
                           " id_number, key_post, home_district, user_id, active, joined_on, left_on, created_at,"
                           " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                           {s.utility_id, s.org_id, s.org_path, s.employee_no, s.name, s.position, s.phone,
                            s.id_number, s.key_post, s.home_district, s.user_id, s.active, s.joined_on, s.left_on,
                            to_millis(now), to_millis(now)}));
    return {};
  }
  LL_TRY(auto n, tx.exec("UPDATE staff SET org_id = ?, org_path = ?, employee_no = ?, name = ?, position = ?,"
                         " phone = ?, id_number = ?, key_post = ?, home_district = ?, user_id = ?, active = ?,"
                         " joined_on = ?, left_on = ?, updated_at = ?, version = version + 1"
                         " WHERE id = ? AND version = ?",
                         {s.org_id, s.org_path, s.employee_no, s.name, s.position, s.phone, s.id_number, s.key_post,
                          s.home_district, s.user_id, s.active, s.joined_on, s.left_on, to_millis(now), s.id,
                          s.version}));
  if (n != 1) return Error::conflict("the person was changed meanwhile; reload and try again");
  return {};
}

}  // namespace

Result<Staff> Register::create(const Actor& actor, const StaffInput& in) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  const auto now = rt_.clock.now();
  const std::string day = today(rt_);
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Staff> {
    Checked c;
    Staff s;
    s.joined_on = day;
    if (!in.employee_no) c.errors.push_back({"employee_no", "required"});
    if (!in.name) c.errors.push_back({"name", "required"});
    if (!in.org_id) c.errors.push_back({"org_id", "required"});
    apply_fields(in, s, c);
    if (!s.active && !s.left_on) s.left_on = day;
    if (in.org_id) {
      int64_t utility = 0;
      if (auto unit = c.take(placement(tx, actor, *in.org_id, std::nullopt, utility))) {
        s.org_id = unit->id;
        s.org_path = unit->path;
        s.utility_id = utility;
      }
    }
    if (in.username)
      if (auto u = c.take(login_for(tx, actor, *in.username, 0))) s.user_id = *u;
    if (!c.errors.empty()) return Error::invalid(std::move(c.errors));
    LL_TRY(auto taken, staff_repo::find_by_employee_no(tx, s.utility_id, s.employee_no));
    if (taken) return Error::invalid("employee_no", "already on the register of this utility");
    LL_CHECK(write_staff(tx, s, now, true));
    LL_TRY(auto stored, staff_repo::find(tx, s.id));
    if (!stored) return Error::internal("staff row vanished after insert");
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.staff_create", "staff", std::to_string(s.id), stored->org_id, stored->org_path,
                            nullptr, audit_json(*stored)}));
    return *stored;
  });
  if (r) rt_.events.publish({"health.staff_changed", r->org_id, r->org_path, {{"id", r->id}, {"action", "create"}}});
  return r;
}

Result<Staff> Register::update(const Actor& actor, int64_t id, const StaffInput& in) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  if (!in.version) return Error::invalid("version", "required (the version you read)");
  const auto now = rt_.clock.now();
  const std::string day = today(rt_);
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Staff> {
    LL_TRY(Staff s, manageable(tx, actor, id));
    if (s.version != *in.version)
      return Error::conflict("the person was changed meanwhile (version " + std::to_string(s.version) +
                             "); reload and try again");
    const Staff before = s;
    Checked c;
    apply_fields(in, s, c);
    if (in.active && !*in.active && !s.left_on) s.left_on = day;
    if (in.active && *in.active && !in.left_on) s.left_on.reset();
    if (in.org_id && *in.org_id != s.org_id) {
      int64_t utility = 0;
      if (auto unit = c.take(placement(tx, actor, *in.org_id, s.utility_id, utility))) {
        s.org_id = unit->id;
        s.org_path = unit->path;
      }
    }
    if (in.username) {
      if (auto u = c.take(login_for(tx, actor, *in.username, s.id))) s.user_id = *u;
    }
    if (!c.errors.empty()) return Error::invalid(std::move(c.errors));
    if (s.employee_no != before.employee_no) {
      LL_TRY(auto taken, staff_repo::find_by_employee_no(tx, s.utility_id, s.employee_no));
      if (taken) return Error::invalid("employee_no", "already on the register of this utility");
    }
    LL_CHECK(write_staff(tx, s, now, false));
    LL_TRY(auto stored, staff_repo::find(tx, s.id));
    if (!stored) return Error::internal("staff row vanished after update");
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.staff_change", "staff", std::to_string(s.id), stored->org_id, stored->org_path,
                            audit_json(before), audit_json(*stored)}));
    return *stored;
  });
  if (r) rt_.events.publish({"health.staff_changed", r->org_id, r->org_path, {{"id", r->id}, {"action", "change"}}});
  return r;
}

// ---------------------------------------------------------------- import

Result<ImportReport> Register::import(const Actor& actor, std::string_view bytes, const ImportOptions& options) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  LL_TRY(sheets::Table table, sheets::read_table(bytes, options.file_name));
  ImportReport report;
  report.dry_run = options.dry_run;
  report.file = options.file_name;
  report.rows = static_cast<int64_t>(table.rows.size());

  auto add_error = [&](int line, std::string column, std::string message) {
    if (report.errors.size() < kMaxImportErrors) report.errors.push_back({line, std::move(column), std::move(message)});
  };

  // Columns.
  std::map<Column, size_t> at;
  for (size_t i = 0; i < table.header.size(); ++i) {
    auto col = column_for(table.header[i]);
    if (!col) continue;
    if (at.count(*col)) {
      add_error(1, table.header[i], "the column appears twice (also column " + std::to_string(at[*col] + 1) + ")");
      continue;
    }
    at[*col] = i;
  }
  for (Column required : {Column::employee_no, Column::name}) {
    if (at.count(required)) continue;
    for (const auto& info : columns())
      if (info.column == required)
        add_error(1, info.canonical, std::string("missing column ") + info.canonical + " (" + info.names.back() + ")");
  }
  if (!report.errors.empty()) return report;
  auto header_of = [&](Column c) { return table.header[at.at(c)]; };
  auto cell = [&](const std::vector<std::string>& row, Column c) -> const std::string* {
    auto it = at.find(c);
    return it == at.end() ? nullptr : &row[it->second];
  };

  const auto now = rt_.clock.now();
  const std::string day = today(rt_);
  const auto mode = options.dry_run ? TxMode::read : TxMode::write;
  auto result = rt_.db.transact(mode, [&](Tx& tx) -> Result<ImportReport> {
    LL_TRY(auto sc, scope(tx, actor, options.org));
    LL_TRY(auto utility, utility_of(tx, sc.path));
    if (!utility) return Error::invalid("org", "choose a utility or a unit inside one to import into");

    // Units of the import scope, by code and by name.
    LL_TRY(auto unit_rows,
           tx.query("SELECT id, path, name, code FROM orgs WHERE path LIKE ? ESCAPE '\\'", {store::like_prefix(sc.path)}));
    std::unordered_map<std::string, UnitRef> by_code;
    std::unordered_map<std::string, std::vector<UnitRef>> by_name;
    for (const auto& r : unit_rows) {
      UnitRef u{r.integer(0), r.text(1), r.text(2)};
      by_code.emplace(r.text(3), u);
      by_name[u.name].push_back(u);
    }
    const UnitRef scope_unit{sc.org_id, sc.path, sc.name};

    // The people the file names, by employee number: one query per 500 numbers, not one per row.
    std::unordered_map<std::string, Staff> existing;
    {
      std::vector<std::string> numbers;
      std::set<std::string> distinct;
      const size_t col = at.at(Column::employee_no);
      for (const auto& row : table.rows)
        if (!row[col].empty() && distinct.insert(row[col]).second) numbers.push_back(row[col]);
      existing.reserve(numbers.size());
      constexpr size_t kChunk = 500;
      for (size_t b = 0; b < numbers.size(); b += kChunk) {
        const size_t end = std::min(numbers.size(), b + kChunk);
        std::string sql = std::string(staff_repo::kSelect) + "WHERE s.utility_id = ? AND s.employee_no IN (";
        store::Params params{*utility};
        for (size_t k = b; k < end; ++k) {
          sql += k == b ? "?" : ",?";
          params.emplace_back(numbers[k]);
        }
        LL_TRY(auto rows, tx.query(sql + ")", params));
        for (const auto& r : rows) {
          Staff s = staff_repo::from_row(r);
          std::string key = s.employee_no;
          existing.emplace(std::move(key), std::move(s));
        }
      }
    }

    std::unordered_map<std::string, int> seen;  // employee number → first line
    std::vector<Wanted> creates;
    creates.reserve(table.rows.size());
    std::vector<std::pair<Staff, std::vector<std::string>>> updates;
    for (size_t i = 0; i < table.rows.size(); ++i) {
      const auto& row = table.rows[i];
      const int line = table.lines[i];
      Wanted w;
      w.line = line;
      bool ok = true;
      auto fail = [&](Column c, const std::string& message) {
        add_error(line, header_of(c), message);
        ok = false;
      };
      auto field = [&](Column c) { return header_of(c); };

      if (auto v = check_employee_no(*cell(row, Column::employee_no), field(Column::employee_no)); v) {
        w.employee_no = *v;
        auto [it, fresh] = seen.emplace(w.employee_no, line);
        if (!fresh) fail(Column::employee_no, "employee number " + w.employee_no + " also on line " + std::to_string(it->second));
      } else {
        fail(Column::employee_no, v.error().fields[0].message);
      }
      if (auto v = check_text(*cell(row, Column::name), field(Column::name), 50, true); v) w.name = *v;
      else fail(Column::name, v.error().fields[0].message);

      if (const auto* u = cell(row, Column::unit)) {
        if (u->empty()) {
          fail(Column::unit, "must not be empty");
        } else if (auto c = by_code.find(*u); c != by_code.end()) {
          w.unit = c->second;
        } else if (auto n = by_name.find(*u); n != by_name.end() && n->second.size() == 1) {
          w.unit = n->second[0];
        } else if (n != by_name.end()) {
          fail(Column::unit, "\"" + *u + "\" names " + std::to_string(n->second.size()) + " units; use the unit's code");
        } else {
          fail(Column::unit, "no unit \"" + *u + "\" in " + sc.name);
        }
      } else {
        w.unit = scope_unit;
      }
      if (const auto* v = cell(row, Column::position)) {
        if (auto t = check_text(*v, field(Column::position), 50, false); t) w.position = non_empty(*t);
        else fail(Column::position, t.error().fields[0].message);
      }
      if (const auto* v = cell(row, Column::home_district)) {
        if (auto t = check_text(*v, field(Column::home_district), 50, false); t) w.home_district = non_empty(*t);
        else fail(Column::home_district, t.error().fields[0].message);
      }
      if (const auto* v = cell(row, Column::phone); v && !v->empty()) {
        if (auto t = normalize_phone(*v, field(Column::phone)); t) w.phone = *t;
        else fail(Column::phone, t.error().fields[0].message);
      }
      if (const auto* v = cell(row, Column::id_number); v && !v->empty()) {
        if (auto t = normalize_id_number(*v, field(Column::id_number)); t) w.id_number = *t;
        else fail(Column::id_number, t.error().fields[0].message);
      }
      if (const auto* v = cell(row, Column::key_post)) {
        if (auto f = parse_flag(*v)) w.key_post = *f;
        else fail(Column::key_post, "must be 是 or 否 (Y/N, 1/0)");
      }
      if (!ok) continue;

      auto found = existing.find(w.employee_no);
      ImportPreviewRow p{line, "create", w.employee_no, w.name, w.unit.name, {}};
      if (found == existing.end()) {
        ++report.created;
        creates.push_back(std::move(w));
      } else {
        Staff s = found->second;
        if (!actor.sees(s.org_path)) {
          add_error(line, field(Column::employee_no),
                    "employee number " + w.employee_no + " belongs to someone outside your units");
          continue;
        }
        auto change = [&](const char* name, auto& target, const auto& value) {
          if (target == value) return;
          target = value;
          p.changes.push_back(name);
        };
        change("name", s.name, w.name);
        if (s.org_id != w.unit.id) {
          s.org_id = w.unit.id;
          s.org_path = w.unit.path;
          s.org_name = w.unit.name;
          p.changes.push_back("unit");
        }
        if (at.count(Column::position)) change("position", s.position, w.position);
        if (at.count(Column::phone)) change("phone", s.phone, w.phone);
        if (at.count(Column::key_post)) change("key_post", s.key_post, w.key_post);
        if (at.count(Column::home_district)) change("home_district", s.home_district, w.home_district);
        if (at.count(Column::id_number)) change("id_number", s.id_number, w.id_number);
        if (p.changes.empty()) {
          p.action = "unchanged";
          ++report.unchanged;
        } else {
          p.action = "update";
          ++report.updated;
          updates.emplace_back(std::move(s), p.changes);
        }
      }
      if (report.preview.size() < kPreviewRows) report.preview.push_back(std::move(p));
    }
    if (!report.errors.empty() || options.dry_run) return report;

    // Write: creates in multi-row INSERTs, updates one statement each.
    constexpr size_t kBatch = 100;
    const int64_t ms = to_millis(now);
    for (size_t b = 0; b < creates.size(); b += kBatch) {
      const size_t end = std::min(creates.size(), b + kBatch);
      std::string sql =
          "INSERT INTO staff (utility_id, org_id, org_path, employee_no, name, position, phone, id_number, key_post,"
          " home_district, joined_on, created_at, updated_at) VALUES ";
      store::Params params;
      params.reserve((end - b) * 13);
      for (size_t k = b; k < end; ++k) {
        const Wanted& w = creates[k];
        sql += k == b ? "(?,?,?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?,?,?)";
        for (store::Value v : {store::Value(*utility), store::Value(w.unit.id), store::Value(w.unit.path),
                               store::Value(w.employee_no), store::Value(w.name), store::Value(w.position),
                               store::Value(w.phone), store::Value(w.id_number), store::Value(w.key_post),
                               store::Value(w.home_district), store::Value(day), store::Value(ms), store::Value(ms)})
          params.push_back(std::move(v));
      }
      LL_CHECK(tx.execute(sql, params));
    }
    // Updates 100 at a time from a VALUES list (typed with CAST, which both databases read).
    for (size_t b = 0; b < updates.size(); b += kBatch) {
      const size_t end = std::min(updates.size(), b + kBatch);
      std::string sql =
          "WITH v(id, org_id, org_path, name, position, phone, id_number, key_post, home_district) AS (VALUES ";
      store::Params params;
      params.reserve((end - b) * 9 + 1);
      for (size_t k = b; k < end; ++k) {
        const Staff& s = updates[k].first;
        sql += k == b ? "" : ",";
        sql += "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),"
               " CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS TEXT))";
        for (store::Value v : {store::Value(s.id), store::Value(s.org_id), store::Value(s.org_path),
                               store::Value(s.name), store::Value(s.position), store::Value(s.phone),
                               store::Value(s.id_number), store::Value(s.key_post), store::Value(s.home_district)})
          params.push_back(std::move(v));
      }
      sql += ") UPDATE staff SET org_id = v.org_id, org_path = v.org_path, name = v.name, position = v.position,"
             " phone = v.phone, id_number = v.id_number, key_post = v.key_post, home_district = v.home_district,"
             " updated_at = ?, version = staff.version + 1 FROM v WHERE staff.id = v.id";
      params.emplace_back(ms);
      LL_TRY(auto n, tx.exec(sql, params));
      if (n != static_cast<int64_t>(end - b)) return Error::conflict("the register changed during the import; try again");
    }
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.staff_import", "staff_import", std::to_string(sc.org_id), sc.org_id, sc.path,
                            nullptr,
                            {{"file", report.file},
                             {"org_id", sc.org_id},
                             {"rows", report.rows},
                             {"created", report.created},
                             {"updated", report.updated},
                             {"unchanged", report.unchanged}}}));
    report.committed = true;
    return report;
  });
  if (result && result->committed) {
    // The scope's path, for the live feed; counts only.
    auto path = rt_.db.transact(TxMode::read, [&](Tx& tx) { return scope(tx, actor, options.org); });
    if (path)
      rt_.events.publish({"health.staff_imported", path->org_id, path->path,
                          {{"created", result->created}, {"updated", result->updated}}});
  }
  return result;
}

Result<std::string> Register::template_xlsx() {
  sheets::Sheet s;
  s.name = "职工花名册";
  s.header = {"工号", "姓名", "部门", "岗位", "手机", "关键岗位", "居住区", "身份证号"};
  s.rows.push_back({std::string("10001"), std::string("张三"), std::string("第八水厂"), std::string("制水工"),
                    std::string("13800000001"), std::string("是"), std::string("岳麓区"), std::monostate{}});
  s.rows.push_back({std::string("10002"), std::string("李四"), std::string("人力资源部"), std::string("专员"),
                    std::string("13800000002"), std::string("否"), std::string("天心区"), std::monostate{}});
  sheets::Sheet help;
  help.name = "说明";
  help.header = {"列 / column", "说明 / meaning"};
  auto line = [&](const char* a, const char* b) { help.rows.push_back({std::string(a), std::string(b)}); };
  line("工号 employee_no", "必填；同一水司内唯一，再次导入按工号更新 / required; updates match by it");
  line("姓名 name", "必填 / required");
  line("部门 unit", "单位名称或编码，须在导入范围内；无此列时导入到所选单位 / unit name or code");
  line("手机 phone", "11 位手机号或带区号的座机 / mobile or landline");
  line("关键岗位 key_post", "是 / 否 (Y/N, 1/0)");
  line("身份证号 id_number", "可选，18 位 / optional, 18 characters");
  return sheets::write_xlsx({s, help});
}

nlohmann::json to_json(const ImportReport& r) {
  nlohmann::json errors = nlohmann::json::array(), preview = nlohmann::json::array();
  for (const auto& e : r.errors) errors.push_back({{"line", e.line}, {"column", e.column}, {"message", e.message}});
  for (const auto& p : r.preview)
    preview.push_back({{"line", p.line},
                       {"action", p.action},
                       {"employee_no", p.employee_no},
                       {"name", p.name},
                       {"unit", p.unit},
                       {"changes", p.changes}});
  return {{"dry_run", r.dry_run}, {"committed", r.committed}, {"file", r.file},     {"rows", r.rows},
          {"created", r.created}, {"updated", r.updated},     {"unchanged", r.unchanged},
          {"errors", errors},     {"preview", preview},       {"preview_truncated", r.created + r.updated + r.unchanged > static_cast<int64_t>(r.preview.size())}};
}

}  // namespace lifeline::app::health

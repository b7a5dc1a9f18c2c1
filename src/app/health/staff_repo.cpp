#include "app/health/staff_repo.h"

#include "app/privacy.h"
#include "store/like.h"

namespace lifeline::app::health::staff_repo {

const char* const kSelect =
    "SELECT s.id, s.utility_id, s.org_id, s.org_path, o.name, s.employee_no, s.name, s.position, s.phone,"
    " s.id_number, s.home_district, s.key_post, s.user_id, s.active, s.joined_on, s.left_on, s.updated_at,"
    " s.version FROM staff s JOIN orgs o ON o.id = s.org_id ";

Staff from_row(const store::Row& r) {
  Staff s;
  s.id = r.integer(0);
  s.utility_id = r.integer(1);
  s.org_id = r.integer(2);
  s.org_path = r.text(3);
  s.org_name = r.text(4);
  s.employee_no = r.text(5);
  s.name = r.text(6);
  s.position = r.opt_text(7);
  s.phone = r.opt_text(8);
  s.id_number = r.opt_text(9);
  s.home_district = r.opt_text(10);
  s.key_post = r.boolean(11);
  s.user_id = r.opt_integer(12);
  s.active = r.boolean(13);
  s.joined_on = r.text(14);
  s.left_on = r.opt_text(15);
  s.updated_at = from_millis(r.integer(16));
  s.version = r.integer(17);
  return s;
}

namespace {
Result<std::optional<Staff>> one(store::Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto row, tx.query_one(std::string(kSelect) + where, params));
  if (!row) return std::optional<Staff>();
  return std::optional<Staff>(from_row(*row));
}
}  // namespace

Result<std::optional<Staff>> find(store::Tx& tx, int64_t id) { return one(tx, "WHERE s.id = ?", {id}); }

Result<std::optional<Staff>> find_by_user(store::Tx& tx, int64_t user_id) {
  return one(tx, "WHERE s.user_id = ?", {user_id});
}

Result<std::optional<Staff>> find_by_employee_no(store::Tx& tx, int64_t utility_id, const std::string& employee_no) {
  return one(tx, "WHERE s.utility_id = ? AND s.employee_no = ?", {utility_id, employee_no});
}

nlohmann::json to_json(const Staff& s, bool full) {
  auto opt = [](const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  // Numbers typed into the texts are masked wherever the phone and ID are.
  auto text = [full, &opt](const std::optional<std::string>& v) {
    return full ? opt(v) : mask_numbers_in_value(opt(v));
  };
  return {{"id", s.id},
          {"utility_id", s.utility_id},
          {"org_id", s.org_id},
          {"org_name", s.org_name},
          {"employee_no", s.employee_no},
          {"name", s.name},
          {"position", text(s.position)},
          {"phone", s.phone ? nlohmann::json(full ? *s.phone : mask_phone(*s.phone)) : nlohmann::json()},
          {"id_number", s.id_number ? nlohmann::json(full ? *s.id_number : mask_id_number(*s.id_number)) : nlohmann::json()},
          {"home_district", text(s.home_district)},
          {"key_post", s.key_post},
          {"user_id", s.user_id ? nlohmann::json(*s.user_id) : nlohmann::json()},
          {"active", s.active},
          {"joined_on", s.joined_on},
          {"left_on", opt(s.left_on)},
          {"version", s.version}};
}

Result<std::vector<std::pair<std::string, int64_t>>> headcount_by_unit(store::Tx& tx, const std::string& org_path,
                                                                       const std::string& day) {
  LL_TRY(auto rows, tx.query("SELECT org_path, COUNT(*) FROM staff WHERE org_path LIKE ? ESCAPE '\\' AND active = 1"
                             " AND joined_on <= ? AND (left_on IS NULL OR left_on > ?) GROUP BY org_path",
                             {store::like_prefix(org_path), day, day}));
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& r : rows) out.emplace_back(r.text(0), r.integer(1));
  return out;
}

}  // namespace lifeline::app::health::staff_repo

// The staff register over HTTP: HR import (CSV and XLSX) with the dry-run
// preview and all-or-nothing commit, listing with masking, create / change
// with optimistic concurrency, and who may do what.
#include "integration/harness.h"
#include "sheets/table.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class HealthRegister : public ApiTest {
 protected:
  http::ClientResponse upload(Session& s, const std::string& target, const std::string& bytes,
                              const std::string& type = "text/csv", const std::string& file = "staff.csv") {
    std::map<std::string, std::string> headers{{"X-CSRF-Token", s.csrf}, {"Content-Type", type}};
    if (!file.empty()) headers["X-File-Name"] = file;
    auto r = s.client->request("POST", target, bytes, headers);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : http::ClientResponse{};
  }
  std::string import_url(int64_t org, bool dry_run) {
    return "/api/v1/health/staff/import?org=" + std::to_string(org) + "&dry_run=" + (dry_run ? "true" : "false");
  }
  std::string text_of(const std::string& where, const std::string& column) {
    auto r = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::string> {
      LL_TRY(auto row, tx.query_one("SELECT " + column + " FROM staff WHERE " + where));
      if (!row) return Error::not_found("no row");
      return row->text(0);
    });
    return r.ok() ? *r : "<none>";
  }
  // Errors as "line/column" strings, for compact assertions.
  static std::vector<std::string> error_keys(const json& errors) {
    std::vector<std::string> out;
    for (size_t i = 0; i < errors.size(); ++i)
      out.push_back(std::to_string(errors[i].value("line", 0)) + "/" + errors[i].value("column", ""));
    return out;
  }
};

constexpr const char* kGoodCsv =
    "工号,姓名,部门,岗位,手机,关键岗位,居住区\r\n"
    "A001,张三,第八水厂,制水工,13812345678,是,岳麓区\r\n"
    "A002,李四,人力资源部,专员,138 1234 5679,否,天心区\r\n"
    "A003,王五,ua-p8,,,,\r\n";

constexpr const char* kBadCsv =
    "工号,姓名,部门,手机\n"
    "B001,好人,第八水厂,13812345678\n"  // line 2 fine
    "B002,,第八水厂,\n"                   // line 3: no name
    "B003,赵六,月球分厂,\n"               // line 4: unknown unit
    "B004,钱七,第八水厂,12345\n"          // line 5: bad phone
    "B001,孙八,第八水厂,\n";              // line 6: duplicate employee number

TEST_F(HealthRegister, DryRunListsRowErrorsWithLinesAndWritesNothing) {
  auto s = login("a_health");
  auto r = upload(s, import_url(util_a_, true), kBadCsv);
  ASSERT_STATUS(r, 200);
  json body = r.json();
  EXPECT_EQ(body["dry_run"], true);
  EXPECT_EQ(body["file"], "staff.csv");
  EXPECT_EQ(body["rows"], 5);
  EXPECT_EQ(body["created"], 1);
  EXPECT_EQ(error_keys(body["errors"]), (std::vector<std::string>{"3/姓名", "4/部门", "5/手机", "6/工号"}));
  EXPECT_NE(body["errors"][1].value("message", "").find("月球分厂"), std::string::npos);
  EXPECT_NE(body["errors"][3].value("message", "").find("line 2"), std::string::npos);
  ASSERT_EQ(body["preview"].size(), 1u);
  EXPECT_EQ(body["preview"][0]["action"], "create");
  EXPECT_EQ(count("staff"), 0);

  // Committing the same file: 422 with the same errors, still nothing written, no audit entry.
  auto commit = upload(s, import_url(util_a_, false), kBadCsv);
  ASSERT_STATUS(commit, 422);
  EXPECT_EQ(commit.headers["content-type"], "application/problem+json");
  EXPECT_EQ(error_keys(commit.json()["errors"]), (std::vector<std::string>{"3/姓名", "4/部门", "5/手机", "6/工号"}));
  EXPECT_EQ(commit.json()["errors"][0]["field"], "staff.csv:3 姓名");
  EXPECT_EQ(commit.json()["status"], 422);
  EXPECT_EQ(count("staff"), 0);
  EXPECT_EQ(count("audit_log", "action = 'health.staff_import'"), 0);
}

TEST_F(HealthRegister, MissingColumnsAndUnreadableFilesAreReported) {
  auto s = login("a_health");
  auto r = upload(s, import_url(util_a_, true), "编号,名称\n1,x\n");
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(error_keys(r.json()["errors"]), (std::vector<std::string>{"1/工号", "1/姓名"}));
  auto bad = upload(s, import_url(util_a_, true), "工号,姓名\n1,\"open\n", "text/csv", "hr.csv");
  ASSERT_STATUS(bad, 400);
  EXPECT_NE(bad.json().value("detail", "").find("hr.csv line 2: unterminated quote"), std::string::npos);
  auto zip = upload(s, import_url(util_a_, true), std::string("PK\x03\x04junk", 8), sheets::kXlsxMime, "hr.xlsx");
  ASSERT_STATUS(zip, 400);
  EXPECT_NE(zip.json().value("detail", "").find("hr.xlsx: not a spreadsheet"), std::string::npos);
}

TEST_F(HealthRegister, CommitCreatesThenUpdatesByEmployeeNumber) {
  auto s = login("a_health");
  auto r = upload(s, import_url(util_a_, false), kGoodCsv);
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.json()["created"], 3);
  EXPECT_EQ(count("staff", "utility_id = " + std::to_string(util_a_)), 3);
  EXPECT_EQ(text_of("employee_no = 'A001'", "org_id"), std::to_string(plant_a_));
  EXPECT_EQ(text_of("employee_no = 'A001'", "key_post"), "1");
  EXPECT_EQ(text_of("employee_no = 'A002'", "phone"), "13812345679");  // spaces gone
  EXPECT_EQ(text_of("employee_no = 'A003'", "org_id"), std::to_string(plant_a_));  // matched by code
  EXPECT_EQ(count("audit_log", "action = 'health.staff_import'"), 1);

  // HR's next export: A001 moves to HR, A002 has a new phone, A003 is as it was, A004 is new.
  const std::string next =
      "工号,姓名,部门,岗位,手机,关键岗位,居住区\n"
      "A001,张三,人力资源部,制水工,13812345678,是,岳麓区\n"
      "A002,李四,人力资源部,专员,13900000000,否,天心区\n"
      "A003,王五,第八水厂,,,,\n"
      "A004,周九,第八水厂,,,,\n";
  auto preview = upload(s, import_url(util_a_, true), next);
  ASSERT_STATUS(preview, 200);
  json p = preview.json();
  EXPECT_EQ(p["created"], 1);
  EXPECT_EQ(p["updated"], 2);
  EXPECT_EQ(p["unchanged"], 1);
  ASSERT_EQ(p["preview"].size(), 4u);
  EXPECT_EQ(p["preview"][0]["action"], "update");
  EXPECT_EQ(p["preview"][0]["changes"], json::array({"unit"}));
  EXPECT_EQ(p["preview"][1]["changes"], json::array({"phone"}));
  EXPECT_EQ(p["preview"][2]["action"], "unchanged");
  EXPECT_EQ(text_of("employee_no = 'A001'", "org_id"), std::to_string(plant_a_));  // the dry run wrote nothing

  auto commit = upload(s, import_url(util_a_, false), next);
  ASSERT_STATUS(commit, 200);
  EXPECT_EQ(commit.json()["committed"], true);
  EXPECT_EQ(count("staff"), 4);
  EXPECT_EQ(text_of("employee_no = 'A001'", "org_id"), std::to_string(dept_a_));
  EXPECT_EQ(text_of("employee_no = 'A001'", "org_path"), text_of("employee_no = 'A002'", "org_path"));
  EXPECT_EQ(text_of("employee_no = 'A002'", "phone"), "13900000000");
  EXPECT_EQ(text_of("employee_no = 'A002'", "version"), "2");
  EXPECT_EQ(text_of("employee_no = 'A003'", "version"), "1");
  EXPECT_EQ(count("audit_log", "action = 'health.staff_import'"), 2);
  // The audit entry carries counts, not the file.
  auto after = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::string> {
    LL_TRY(auto row, tx.query_one("SELECT after_json FROM audit_log WHERE action = 'health.staff_import'"
                                  " ORDER BY id DESC LIMIT 1"));
    if (!row) return Error::not_found("no audit entry");
    return row->text(0);
  });
  ASSERT_TRUE(after.ok());
  json entry = json::parse(*after);
  EXPECT_EQ(entry["updated"], 2);
  EXPECT_EQ(entry["created"], 1);
  EXPECT_EQ(after->find("13900000000"), std::string::npos);
}

TEST_F(HealthRegister, XlsxWithEnglishHeadersImports) {
  sheets::Sheet sheet{"staff", {"employee_no", "name", "unit", "position", "phone", "key_post", "home_district"}, {}};
  sheet.rows.push_back({std::string("X1"), std::string("Alice"), std::string("第八水厂"), std::string("operator"),
                        13812345678.0, std::string("Y"), std::string("雨花区")});
  sheet.rows.push_back({1002.0, std::string("Bob"), std::string("ua-hr"), std::monostate{}, std::monostate{},
                        std::string("N"), std::monostate{}});
  auto bytes = sheets::write_xlsx({sheet});
  ASSERT_TRUE(bytes.ok());
  auto s = login("a_health");
  auto r = upload(s, import_url(util_a_, false), *bytes, sheets::kXlsxMime, "%E8%8A%B1%E5%90%8D%E5%86%8C.xlsx");
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.json()["file"], "花名册.xlsx");
  EXPECT_EQ(r.json()["created"], 2);
  EXPECT_EQ(text_of("employee_no = 'X1'", "phone"), "13812345678");
  EXPECT_EQ(text_of("employee_no = 'X1'", "key_post"), "1");
  EXPECT_EQ(text_of("employee_no = '1002'", "org_id"), std::to_string(dept_a_));
}

TEST_F(HealthRegister, WhoMayImport) {
  for (const char* name : {"a_staff", "a_commander", "a_viewer"}) {
    auto s = login(name);
    EXPECT_STATUS(upload(s, import_url(util_a_, true), kGoodCsv), 403) << name;
  }
  // Another utility's officer: util_a is not in their scope, and their own has no such units.
  auto b = login("b_health");
  EXPECT_STATUS(upload(b, import_url(util_a_, true), kGoodCsv), 404);
  auto own = upload(b, "/api/v1/health/staff/import?dry_run=true", kGoodCsv);
  ASSERT_STATUS(own, 200);
  EXPECT_EQ(own.json()["errors"].size(), 3u);

  // The HR department's officer imports into the department only.
  auto hr = login("a_hr_health");
  EXPECT_STATUS(upload(hr, import_url(util_a_, true), kGoodCsv), 404);
  auto dept = upload(hr, "/api/v1/health/staff/import?dry_run=true", kGoodCsv);
  ASSERT_STATUS(dept, 200);
  EXPECT_EQ(error_keys(dept.json()["errors"]), (std::vector<std::string>{"2/部门", "4/部门"}));
  // Without a unit column everyone lands in the department.
  auto ok = upload(hr, "/api/v1/health/staff/import?dry_run=false", "工号,姓名\nH1,甲\nH2,乙\n");
  ASSERT_STATUS(ok, 200);
  EXPECT_EQ(count("staff", "org_id = " + std::to_string(dept_a_)), 2);
  // Someone in the plant keeps their employee number out of the department officer's reach.
  add_staff(plant_a_, "P9", "厂里人");
  auto taken = upload(hr, "/api/v1/health/staff/import?dry_run=true", "工号,姓名\nP9,改名\n");
  ASSERT_STATUS(taken, 200);
  EXPECT_EQ(error_keys(taken.json()["errors"]), (std::vector<std::string>{"2/工号"}));
  EXPECT_EQ(text_of("employee_no = 'P9'", "name"), "厂里人");
}

TEST_F(HealthRegister, ListsMaskPhonesAndStayInScope) {
  int64_t zhang = add_staff(plant_a_, "L1", "张三", "", "13912345678");
  add_staff(dept_a_, "L2", "李四");
  int64_t other = add_staff(util_b_, "L1", "株洲人");
  auto s = login("a_health");
  auto list = call(s, "GET", "/api/v1/health/staff");
  ASSERT_STATUS(list, 200);
  json body = list.json();
  EXPECT_EQ(body["total"], 2);
  ASSERT_EQ(body["items"].size(), 2u);
  for (size_t i = 0; i < body["items"].size(); ++i) {
    EXPECT_EQ(body["items"][i]["phone"], "139****5678");
    EXPECT_NE(body["items"][i]["name"], "株洲人");
  }
  auto found = call(s, "GET", "/api/v1/health/staff?q=%E5%BC%A0");  // 张
  ASSERT_STATUS(found, 200);
  EXPECT_EQ(found.json()["total"], 1);
  auto by_no = call(s, "GET", "/api/v1/health/staff?q=L2&limit=1");
  ASSERT_STATUS(by_no, 200);
  EXPECT_EQ(by_no.json()["items"][0]["name"], "李四");
  auto one = call(s, "GET", "/api/v1/health/staff/" + std::to_string(zhang));
  ASSERT_STATUS(one, 200);
  EXPECT_EQ(one.json()["phone"], "13912345678");  // full for the officer
  EXPECT_STATUS(call(s, "GET", "/api/v1/health/staff/" + std::to_string(other)), 404);
  EXPECT_STATUS(call(s, "GET", "/api/v1/health/staff?org=" + std::to_string(util_b_)), 404);

  auto hr = login("a_hr_health");
  auto dept = call(hr, "GET", "/api/v1/health/staff");
  ASSERT_STATUS(dept, 200);
  EXPECT_EQ(dept.json()["total"], 1);
  EXPECT_STATUS(call(hr, "GET", "/api/v1/health/staff/" + std::to_string(zhang)), 404);

  auto b = login("b_health");
  auto theirs = call(b, "GET", "/api/v1/health/staff");
  ASSERT_STATUS(theirs, 200);
  EXPECT_EQ(theirs.json()["total"], 1);
  EXPECT_STATUS(call(b, "GET", "/api/v1/health/staff/" + std::to_string(zhang)), 404);

  auto commander = login("a_commander");
  EXPECT_STATUS(call(commander, "GET", "/api/v1/health/staff"), 403);
  EXPECT_STATUS(call(commander, "GET", "/api/v1/health/staff/" + std::to_string(zhang)), 404);
  // A person sees their own entry in full.
  int64_t me = add_staff(dept_a_, "L3", "自己", "a_staff");
  auto staff = login("a_staff");
  auto mine = call(staff, "GET", "/api/v1/health/staff/" + std::to_string(me));
  ASSERT_STATUS(mine, 200);
  EXPECT_EQ(mine.json()["phone"], "13912345678");
  EXPECT_STATUS(call(staff, "GET", "/api/v1/health/staff/" + std::to_string(zhang)), 404);
}

TEST_F(HealthRegister, CreateAndChangeWithVersions) {
  auto s = login("a_health");
  auto created = call(s, "POST", "/api/v1/health/staff",
                      {{"employee_no", "C1"},
                       {"name", "陈一"},
                       {"org_id", plant_a_},
                       {"phone", "13700001111"},
                       {"id_number", "11010519491231002X"},
                       {"key_post", true},
                       {"username", "a_plant_staff"}});
  ASSERT_STATUS(created, 201);
  json c = created.json();
  const std::string path = "/api/v1/health/staff/" + std::to_string(c.value("id", 0));
  EXPECT_EQ(c["version"], 1);
  EXPECT_EQ(c["user_id"], user_id("a_plant_staff"));
  EXPECT_EQ(c["joined_on"], "2020-01-25");

  auto dup = call(s, "POST", "/api/v1/health/staff", {{"employee_no", "C1"}, {"name", "重复"}, {"org_id", dept_a_}});
  ASSERT_STATUS(dup, 400);
  EXPECT_EQ(dup.json()["errors"][0]["field"], "employee_no");
  auto bad = call(s, "POST", "/api/v1/health/staff",
                  {{"employee_no", "C2"}, {"name", "x"}, {"org_id", util_b_}, {"id_number", "110105194912310021"}});
  ASSERT_STATUS(bad, 400);
  std::vector<std::string> fields;
  for (size_t i = 0; i < bad.json()["errors"].size(); ++i) fields.push_back(bad.json()["errors"][i]["field"]);
  EXPECT_EQ(fields, (std::vector<std::string>{"id_number", "org_id"}));

  auto moved = call(s, "PATCH", path, {{"version", 1}, {"org_id", dept_a_}, {"phone", nullptr}, {"username", nullptr}});
  ASSERT_STATUS(moved, 200);
  EXPECT_EQ(moved.json()["version"], 2);
  EXPECT_EQ(moved.json()["org_id"], dept_a_);
  EXPECT_TRUE(moved.json()["phone"].is_null());
  EXPECT_TRUE(moved.json()["user_id"].is_null());
  auto stale = call(s, "PATCH", path, {{"version", 1}, {"name", "陈二"}});
  EXPECT_STATUS(stale, 409);
  auto left = call(s, "PATCH", path, {{"version", 2}, {"active", false}});
  ASSERT_STATUS(left, 200);
  EXPECT_EQ(left.json()["left_on"], "2020-01-25");
  EXPECT_STATUS(call(s, "PATCH", path, {{"version", 3}, {"org_id", util_b_}}), 400);
  EXPECT_STATUS(call(s, "PATCH", path, {{"version", 3}, {"shoe_size", 42}}), 400);
  EXPECT_EQ(count("audit_log", "action IN ('health.staff_create', 'health.staff_change')"), 3);

  auto hr = login("a_hr_health");  // the person is in HR now
  EXPECT_STATUS(call(hr, "PATCH", path, {{"version", 3}, {"name", "陈三"}}), 200);
  EXPECT_STATUS(call(hr, "PATCH", path, {{"version", 4}, {"org_id", plant_a_}}), 400);  // not in their subtree
  auto b = login("b_health");
  EXPECT_STATUS(call(b, "PATCH", path, {{"version", 4}, {"name", "x"}}), 404);
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "POST", "/api/v1/health/staff", {{"employee_no", "Z"}, {"name", "z"}, {"org_id", dept_a_}}),
                403);
}

TEST_F(HealthRegister, TemplateHasTheHeaderAndExamples) {
  auto s = login("a_health");
  auto r = call(s, "GET", "/api/v1/health/staff/template.xlsx");
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.headers["content-type"], sheets::kXlsxMime);
  auto table = sheets::read_table(r.body, "template.xlsx");
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(table->header[0], "工号");
  EXPECT_EQ(table->rows.size(), 2u);
  // The template imports as it is (its example units exist in util A).
  auto imported = upload(s, import_url(util_a_, true), r.body, sheets::kXlsxMime, "template.xlsx");
  ASSERT_STATUS(imported, 200);
  EXPECT_EQ(imported.json()["created"], 2);
  EXPECT_TRUE(imported.json()["errors"].empty()) << imported.body;
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "GET", "/api/v1/health/staff/template.xlsx"), 403);
}

}  // namespace
}  // namespace lifeline::test

#include "app/reports/fields.h"

#include <gtest/gtest.h>

namespace lifeline::app::reports {
namespace {

using json = nlohmann::json;

std::vector<std::string> fields_of(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Field> plant_report() {
  json spec = {{"fields",
                {{{"key", "inflow"}, {"label", "处理水量"}, {"type", "number"}, {"unit", "m³"}, {"min", 0}, {"summary", true}},
                 {{"key", "state"}, {"label", "运行状态"}, {"type", "choice"}, {"options", {"正常", "异常"}}},
                 {{"key", "compliant"}, {"label", "出水达标"}, {"type", "boolean"}},
                 {{"key", "notes"}, {"label", "异常情况"}, {"type", "text"}, {"required", false}},
                 {{"key", "supplies"},
                  {"label", "防疫物资"},
                  {"type", "table"},
                  {"max_rows", 3},
                  {"columns",
                   {{{"key", "item"}, {"label", "物资"}, {"type", "text"}, {"required", true}},
                    {{"key", "qty"}, {"label", "库存"}, {"type", "number"}}}}}}}};
  JsonInput in(spec);
  auto fields = read_fields(in);
  EXPECT_TRUE(in.finish().ok());
  return fields;
}

TEST(Fields, ATemplatesFieldListIsCheckedItemByItem) {
  json bad = {{"fields",
               {{{"key", "Bad Key"}, {"label", "x"}, {"type", "number"}},
                {{"key", "c"}, {"label", "选择"}, {"type", "choice"}},
                {{"key", "t"}, {"label", "表"}, {"type", "table"}},
                {{"key", "c"}, {"label", "重复"}, {"type", "text"}, {"summary", true}}}}};
  JsonInput in(bad);
  read_fields(in);
  auto st = in.finish();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(fields_of(st.error()), (std::vector<std::string>{"fields/0/key", "fields/1/options", "fields/2/columns",
                                                               "fields/3/key", "fields/3/summary"}));
  // Round trip through the stored form.
  auto fields = plant_report();
  EXPECT_EQ(to_json(fields_from_json(to_json(fields))), to_json(fields));
}

TEST(Fields, ValuesAreCheckedAndEveryProblemNamed) {
  auto fields = plant_report();
  json good = {{"inflow", 41250.5}, {"state", "正常"}, {"compliant", true},
               {"supplies", {{{"item", "口罩"}, {"qty", 1200}}, {{"item", "消毒液"}}}}};
  auto ok = check_values(fields, good);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_FALSE(ok->contains("notes"));
  json bad = {{"inflow", -1}, {"state", "停运"}, {"compliant", "yes"}, {"extra", 1},
              {"supplies", {{{"qty", "many"}, {"colour", "red"}}}}};
  auto r = check_values(fields, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(fields_of(r.error()), (std::vector<std::string>{"values/compliant", "values/extra", "values/inflow",
                                                              "values/state", "values/supplies/0/colour",
                                                              "values/supplies/0/item", "values/supplies/0/qty"}));
  json missing = {{"inflow", 1}};
  auto m = check_values(fields, missing);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(fields_of(m.error()), (std::vector<std::string>{"values/compliant", "values/state", "values/supplies"}));
  json too_many = good;
  too_many["supplies"] = json::array({{{"item", "a"}}, {{"item", "b"}}, {{"item", "c"}}, {{"item", "d"}}});
  EXPECT_EQ(fields_of(check_values(fields, too_many).error()), (std::vector<std::string>{"values/supplies"}));
}

}  // namespace
}  // namespace lifeline::app::reports

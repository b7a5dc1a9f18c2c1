#include "app/demo/seed.h"

#include "app/demo/assurance_seed.h"
#include "app/demo/duty_seed.h"
#include "app/demo/health_seed.h"
#include "app/demo/hotline_seed.h"
#include "app/demo/notify_seed.h"
#include "app/demo/quality_seed.h"
#include "app/demo/repair_seed.h"
#include "app/demo/reports_seed.h"
#include "app/demo/supervision_seed.h"
#include "app/demo/supplies_seed.h"
#include "app/demo/timeline.h"
#include "app/network/repo.h"
#include "app/org/repo.h"
#include "core/time.h"

namespace lifeline::app::demo {

namespace {

struct Unit {
  const char* code;
  const char* kind;
  const char* name;
  const char* name_en;
  const char* parent;  // code
};

// The member utilities and the units of the two largest, named as a Hunan
// utility group would name them.
constexpr Unit kUnits[] = {
    {"csws", "utility", "长沙水业集团", "Changsha Water Group", "root"},
    {"zzsw", "utility", "株洲水务集团", "Zhuzhou Water Group", "root"},
    {"hysw", "utility", "衡阳水务", "Hengyang Water", "root"},
    {"xtzh", "utility", "湘潭中环水务", "Xiangtan Zhonghuan Water", "root"},
    {"syzls", "utility", "邵阳市自来水公司", "Shaoyang Water Supply Co.", "root"},
    {"nxsw", "utility", "宁乡水务", "Ningxiang Water", "root"},
    {"llzls", "utility", "醴陵市自来水公司", "Liling Water Supply Co.", "root"},
    {"cs-office", "department", "集团办公室", "Group Office", "csws"},
    {"cs-safety", "department", "安全生产部", "Safety & Production", "csws"},
    {"cs-hr", "department", "人力资源部", "Human Resources", "csws"},
    {"cs-quality", "department", "水质监测中心", "Water Quality Centre", "csws"},
    {"cs-service", "department", "客户服务中心", "Customer Service Centre", "csws"},
    {"cs-supply", "branch", "供水服务分公司", "Supply Service Branch", "csws"},
    {"cs-drain", "branch", "排水公司", "Drainage Company", "csws"},
    {"cs-wp2", "water_plant", "第二水厂", "No. 2 Water Plant", "csws"},
    {"cs-wp5", "water_plant", "第五水厂", "No. 5 Water Plant", "csws"},
    {"cs-wp8", "water_plant", "第八水厂", "No. 8 Water Plant", "csws"},
    {"cs-wwtp-hq", "wastewater_plant", "花桥污水处理厂", "Huaqiao Wastewater Plant", "cs-drain"},
    {"cs-repair1", "team", "管网抢修一队", "Repair Crew 1", "cs-supply"},
    {"cs-repair2", "team", "管网抢修二队", "Repair Crew 2", "cs-supply"},
    {"cs-commando", "team", "供水保障党员突击队", "Supply Commando Team", "cs-supply"},
    {"zz-office", "department", "综合办公室", "General Office", "zzsw"},
    {"zz-service", "branch", "供水服务分公司", "Supply Service Branch", "zzsw"},
    {"zz-quality", "department", "水质检测中心", "Water Quality Lab", "zzsw"},
    {"zz-wp1", "water_plant", "一水厂", "No. 1 Water Plant", "zzsw"},
    {"zz-wp3", "water_plant", "三水厂", "No. 3 Water Plant", "zzsw"},
    {"zz-repair", "team", "抢维修队", "Repair Team", "zz-service"},
    // Zhuzhou's wastewater plants report to the group twice a day (reports_seed).
    {"zz-wwtp-hx", "wastewater_plant", "河西污水处理厂", "Hexi Wastewater Plant", "zzsw"},
    {"zz-wwtp-bs", "wastewater_plant", "白石港水质净化中心", "Baishigang Water Purification Centre", "zzsw"},
    {"zz-wwtp-lq", "wastewater_plant", "龙泉污水处理厂", "Longquan Wastewater Plant", "zzsw"},
};

struct Account {
  const char* username;
  const char* name;
  const char* role;
  const char* org;
  const char* phone;
};

constexpr Account kAccounts[] = {
    {"admin", "协会管理员", "association_admin", "root", "13807310001"},
    {"cs_admin", "周建国", "utility_admin", "csws", "13807310002"},
    {"cs_commander", "李志强", "commander", "csws", "13807310003"},
    {"cs_dispatcher", "王敏", "dispatcher", "csws", "13807310004"},  // the group's dispatch centre and hotline
    {"cs_repair", "张伟", "repair_crew", "cs-repair1", "13807310005"},
    {"cs_health", "刘芳", "health_officer", "csws", "13807310006"},
    {"cs_lab", "陈静", "lab_analyst", "cs-quality", "13807310007"},
    {"cs_lab2", "周涛", "lab_analyst", "cs-quality", "13807310011"},      // checks what cs_lab enters (复核)
    {"cs_quality", "罗建华", "quality_manager", "cs-quality", "13807310012"},  // the quality centre's head (审核)
    {"cs_store", "杨帆", "storekeeper", "cs-office", "13807310008"},
    {"cs_staff", "赵磊", "staff", "cs-wp2", "13807310009"},
    {"viewer", "观察员", "viewer", "root", "13807310010"},
    // The association's health lead: approves health-records grants and takeovers (docs/health.md).
    {"assoc_health", "孙丽", "health_officer", "root", "13807310011"},
    {"zz_admin", "黄海", "utility_admin", "zzsw", "13907330001"},
    {"zz_commander", "吴刚", "commander", "zzsw", "13907330002"},
    // The leader of 第一督导小组 (a board member) and a wastewater plant's duty manager.
    {"cs_supervisor", "钱勇", "commander", "csws", "13807310011"},
    {"zz_plant", "邓丽华", "staff", "zz-wwtp-hx", "13907330003"},
};

// Changsha's demo network: a generated city with its valve layer and
// priority customers. Checked on its own, so older demo databases get it too.
Status seed_network(Platform& p) {
  constexpr const char* kName = "长沙主城区供水管网（演示）";
  // The utility's id while it has no demo network yet.
  auto missing = p.runtime().db.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::optional<int64_t>> {
    LL_TRY(auto org, org::repo::find_by_code(tx, "csws"));
    if (!org) return Error::internal("the demo utility csws is missing");
    LL_TRY(auto existing, network::repo::find_by_name(tx, org->id, kName));
    return existing ? std::optional<int64_t>() : std::optional<int64_t>(org->id);
  });
  if (!missing) return missing.error();
  if (!*missing) return {};
  network::NewNetwork n;
  n.org_id = **missing;
  n.name = kName;
  n.generate_links = 20000;
  n.generate_seed = 2020;
  auto created = p.networks().create(Actor::system("demo"), n);
  if (!created) return created.error();
  return {};
}

// The water side, in dependency order: customers, then incidents on them,
// then hotline calls that point at incidents; then prevention supplies and
// disinfection (after the staff register, whose headcount they plan by).
Status seed_supply(Platform& p) {
  LL_CHECK(seed_assurance(p));
  LL_CHECK(seed_repair(p));
  LL_CHECK(seed_hotline(p));
  return seed_supplies(p);
}

// Duty, supervision rounds and fixed-time reports: after the register and the incidents they refer to.
Status seed_duty_pillar(Platform& p) {
  LL_CHECK(seed_duty(p));
  LL_CHECK(seed_supervision(p));
  return seed_reports(p);
}

}  // namespace

Result<Seeded> seed(Platform& p, const std::string& password) {
  Runtime& rt = p.runtime();
  Seeded out;
  for (const auto& a : kAccounts) {
    const char* org_name = a.org;
    for (const auto& u : kUnits)
      if (std::string_view(u.code) == a.org) org_name = u.name;
    out.accounts.push_back({a.username, a.role, std::string_view(a.org) == "root" ? "湖南省城镇供水排水协会" : org_name});
  }
  LL_TRY(auto existing, rt.db.transact(store::TxMode::read,
                                       [](store::Tx& tx) { return org::repo::find_by_code(tx, "csws"); }));
  if (existing) {
    LL_CHECK(seed_network(p));
    LL_CHECK(seed_health(p));
    LL_CHECK(seed_supply(p));
    LL_CHECK(seed_duty_pillar(p));
    LL_CHECK(seed_notify(p));
    LL_CHECK(seed_quality(p, password));
    return out;
  }
  out.created = true;

  Actor system = Actor::system("demo");
  org::OrgPatch root;
  root.name = "湖南省城镇供水排水协会";
  root.name_en = std::optional<std::string>("Hunan Urban Water Supply & Drainage Association");
  LL_CHECK(p.orgs().update(system, 1, root, std::nullopt));

  std::map<std::string, int64_t> ids{{"root", 1}};
  for (const auto& u : kUnits) {
    LL_TRY(auto created, p.orgs().create(system, {ids.at(u.parent), u.kind, u.code, u.name, std::string(u.name_en),
                                                  std::nullopt, std::nullopt}));
    ids[u.code] = created.id;
  }

  for (const auto& a : kAccounts) {
    LL_CHECK(p.accounts().create_user(system, {a.username, a.name, a.role, ids.at(a.org), password,
                                               std::string(a.phone)}));
  }

  // Changsha's "1+1+6": a leading group, the safety committee acting as the
  // epidemic command post, and six supervision teams led by board members.
  auto body = [&](const char* org, std::optional<int64_t> parent, const char* kind, const char* name,
                  const char* leader, const char* title, const char* duties, int order) -> Result<int64_t> {
    org::BodyFields f;
    f.parent_id = parent;
    f.kind = kind;
    f.name = name;
    f.leader_name = leader;
    f.leader_title = std::optional<std::string>(title);
    f.responsibilities = std::optional<std::string>(duties);
    f.sort_order = order;
    LL_TRY(auto b, p.orgs().create_body(system, ids.at(org), f));
    return b.id;
  };
  LL_TRY(int64_t cs_hq, body("csws", std::nullopt, "hq", "疫情防控领导小组", "周建国", "党委书记、董事长",
                             "统筹全集团疫情防控和供排水保障，决定应急响应和重大事项", 0));
  for (auto [name, title] : {std::pair{"李志强", "总经理"}, {"孙丽", "党委副书记"}, {"钱勇", "副总经理"}})
    LL_CHECK(p.orgs().add_member(system, cs_hq, {0, name, std::string(title), std::nullopt}));
  LL_CHECK(body("csws", cs_hq, "office", "应急防疫指挥部（安委会）", "李志强", "总经理",
                "承担应急防疫指挥部职能：24小时值班、信息报送、联防联控、物资调配", 1));
  struct Team {
    const char* name;
    const char* leader;
    std::vector<const char*> units;
  };
  const Team teams[] = {
      {"第一督导小组（制水板块）", "钱勇", {"cs-wp2", "cs-wp5", "cs-wp8"}},
      {"第二督导小组（管网板块）", "孙丽", {"cs-supply"}},
      {"第三督导小组（排水板块）", "郑涛", {"cs-drain"}},
      {"第四督导小组（客服营销）", "冯雪", {"cs-service"}},
      {"第五督导小组（水质安全）", "陈晨", {"cs-quality"}},
      {"第六督导小组（机关后勤）", "褚明", {"cs-office", "cs-hr", "cs-safety"}},
  };
  int order = 2;
  for (const auto& t : teams) {
    LL_TRY(int64_t id, body("csws", cs_hq, "supervision_team", t.name, t.leader, "集团班子成员",
                            "监督指导分管板块落实各项防控措施", order++));
    std::vector<int64_t> supervised;
    for (const char* code : t.units) supervised.push_back(ids.at(code));
    LL_CHECK(p.orgs().set_supervised(system, id, supervised));
  }

  // Zhuzhou: a leading group with an office and four working groups.
  LL_TRY(int64_t zz_hq, body("zzsw", std::nullopt, "hq", "疫情防控领导小组", "黄海", "董事长",
                             "全面部署应急值班、信息报送、联防联控、宣传引导", 0));
  LL_CHECK(body("zzsw", zz_hq, "office", "领导小组办公室", "吴刚", "总经理", "日常协调、每日准点报告", 1));
  const std::pair<const char*, const char*> groups[] = {
      {"综合组", "文件流转、会议组织、信息汇总上报"},
      {"保障组", "防疫物资采购发放、供水设施保障、抢修支援"},
      {"宣传组", "对外发布供水保障信息、内部防疫宣传"},
      {"监察组", "监督检查各单位防控措施落实情况"},
  };
  const char* leaders[] = {"林峰", "何勇", "罗佳", "谢军"};
  for (int i = 0; i < 4; ++i)
    LL_CHECK(body("zzsw", zz_hq, "working_group", groups[i].first, leaders[i], "组长", groups[i].second, 2 + i));

  // Hunan's level-I response, declared on the seed's 23 January 2020 (day 0 of
  // the demo timeline) and still active today.
  LL_TRY(auto local, LocalTime::load(rt.config.time_zone));
  const Timeline timeline(local, rt.clock.now());
  emergency::NewEmergency e;
  e.name = "新冠肺炎疫情防控应急响应";
  e.level = "I";
  e.org_ids = {1};
  e.region = "湖南省";
  e.started_at = timeline.at(0, 10);
  LL_CHECK(p.emergencies().declare(system, e));
  LL_CHECK(seed_network(p));
  LL_CHECK(seed_health(p));
  LL_CHECK(seed_supply(p));
  LL_CHECK(seed_duty_pillar(p));
  LL_CHECK(seed_notify(p));
  LL_CHECK(seed_quality(p, password));
  return out;
}

}  // namespace lifeline::app::demo

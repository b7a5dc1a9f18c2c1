#include "app/demo/supplies_seed.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "app/demo/timeline.h"
#include "app/supplies/access.h"
#include "core/time.h"

namespace lifeline::app::demo {

namespace {

using store::Tx;
using store::TxMode;

// Deterministic jitter (splitmix64), so every demo database has the same ledger.
class Jitter {
 public:
  explicit Jitter(uint64_t seed) : s_(seed) {}
  int below(int n) {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return static_cast<int>((z ^ (z >> 31)) % static_cast<uint64_t>(n));
  }

 private:
  uint64_t s_;
};

struct DemoItem {
  const char* code;
  const char* name;
  const char* category;
  const char* spec;
  const char* base_unit;
  std::vector<supplies::PackUnit> units;
  std::optional<double> concentration, per_person_day, large_issue;
  double reorder, safety;  // at the group warehouse, base units
};

const std::vector<DemoItem>& cs_items() {
  static const std::vector<DemoItem> items = {
      {"6901234500011", "医用外科口罩", "mask_surgical", "YY 0469-2011 三层", "只", {{"盒", 50}, {"箱", 2000}},
       std::nullopt, 0.5, 3000, 10000, 5000},
      {"6901234500028", "KN95 防护口罩", "mask_kn95", "GB 2626-2006 KN95", "只", {{"盒", 10}, {"箱", 400}},
       std::nullopt, std::nullopt, 500, 1000, 500},
      {"6901234500035", "医用防护服", "protective_suit", "GB 19082-2009 连体式", "套", {{"箱", 20}}, std::nullopt,
       std::nullopt, 40, 60, 30},
      {"6901234500042", "75% 酒精消毒液", "alcohol", "500 mL/瓶，5 L/桶", "L", {{"瓶", 0.5}, {"桶", 5}}, 75.0,
       std::nullopt, 50, 40, 20},
      {"6901234500059", "红外额温枪", "thermometer", "非接触式 32–42.9 ℃", "支", {}, std::nullopt, std::nullopt,
       std::nullopt, 10, 5},
      {"6901234500066", "一次性医用手套", "gloves", "丁腈 M 号", "副", {{"盒", 100}}, std::nullopt, std::nullopt,
       std::nullopt, 1000, 500},
      {"6901234500073", "含氯消毒液（84）", "hypochlorite", "有效氯 5%，25 L/桶", "L", {{"桶", 25}}, 5.0,
       std::nullopt, 100, 100, 50},
  };
  return items;
}

// Support deliveries of 邵阳's sodium hypochlorite: day, recipient, type, tonnes. 140.5 t by day 15.
struct Delivery {
  int day;
  const char* recipient;
  const char* type;
  double tonnes;
};
constexpr Delivery kShaoyang[] = {
    {3, "邵阳市中心医院", "hospital", 8.0},          {3, "邵阳市第一人民医院", "hospital", 6.0},
    {4, "邵阳市第二人民医院", "hospital", 5.0},      {4, "邵阳市中西医结合医院", "hospital", 4.0},
    {5, "双清区龙须塘街道", "community", 3.5},        {5, "大祥区城西街道", "community", 3.5},
    {5, "北塔区新滩镇街道", "community", 3.0},        {6, "邵阳市疾病预防控制中心", "government", 5.0},
    {6, "邵阳市公安局", "government", 4.0},           {7, "邵阳市城市管理和综合执法局", "government", 8.0},
    {7, "邵阳市公共交通集团", "company", 6.0},        {8, "邵阳市中心医院", "hospital", 6.0},
    {8, "邵阳学院", "school", 3.0},                   {9, "双清区人民政府", "government", 6.0},
    {9, "大祥区人民政府", "government", 6.0},         {9, "北塔区人民政府", "government", 5.0},
    {10, "邵阳市第一人民医院", "hospital", 5.0},      {10, "邵阳市农贸市场服务中心", "company", 4.0},
    {11, "邵阳火车站", "company", 4.0},               {11, "邵阳市城市管理和综合执法局", "government", 8.0},
    {12, "邵阳经济开发区管委会", "government", 5.0},  {12, "双清区龙须塘街道", "community", 4.0},
    {13, "邵阳市第二人民医院", "hospital", 4.0},      {13, "大祥区城西街道", "community", 4.0},
    {14, "邵阳市公共交通集团", "company", 5.0},       {14, "邵阳市城市管理和综合执法局", "government", 7.0},
    {15, "邵阳市中心医院", "hospital", 5.0},          {15, "北塔区新滩镇街道", "community", 3.5},
};

struct DemoPlace {
  const char* org;
  const char* name;
  const char* kind;
  int times_per_day;
  bool after_each_use;
  const char* agent;
  const char* dose;
  const char* item;  // code of the agent's stock item
  double dose_quantity;
  const char* cleaner;
};

constexpr DemoPlace kPlaces[] = {
    {"cs-office", "集团总部一楼大厅", "corridor", 2, false, "含氯消毒液 500 mg/L", "喷洒、拖地", "6901234500073", 0.2,
     "彭桂英"},
    {"cs-office", "集团总部三楼会议室", "meeting_room", 2, false, "含氯消毒液 500 mg/L", "桌面擦拭、地面喷洒",
     "6901234500073", 0.2, "彭桂英"},
    {"cs-office", "集团总部 1 号电梯", "elevator", 2, false, "75% 酒精", "按键、扶手擦拭", "6901234500042", 0.05,
     "彭桂英"},
    {"cs-office", "集团总部 2 号电梯", "elevator", 2, false, "75% 酒精", "按键、扶手擦拭", "6901234500042", 0.05,
     "彭桂英"},
    {"cs-office", "集团职工食堂", "canteen", 3, false, "含氯消毒液 500 mg/L", "餐后桌椅擦拭、地面喷洒",
     "6901234500073", 0.3, "谢春兰"},
    {"cs-office", "集团通勤班车 湘A·C2201", "commuter_bus", 2, true, "含氯消毒液 500 mg/L", "每趟收车后喷洒",
     "6901234500073", 0.2, "谢春兰"},
    {"cs-wp2", "第二水厂中控室", "control_room", 2, false, "75% 酒精", "键盘、台面、电话擦拭", "6901234500042", 0.05,
     "龙秀梅"},
    {"cs-wp2", "第二水厂职工食堂", "canteen", 2, false, "含氯消毒液 500 mg/L", "餐后桌椅擦拭", "6901234500073", 0.2,
     "龙秀梅"},
    {"cs-wp2", "第二水厂倒班宿舍", "staff_housing", 2, false, "含氯消毒液 500 mg/L", "走廊、卫生间喷洒",
     "6901234500073", 0.2, "龙秀梅"},
    {"cs-wp8", "第八水厂中控室", "control_room", 2, false, "75% 酒精", "键盘、台面、电话擦拭", "6901234500042", 0.05,
     "唐玉珍"},
    {"cs-wp8", "第八水厂会议室", "meeting_room", 2, false, "含氯消毒液 500 mg/L", "桌面擦拭、地面喷洒",
     "6901234500073", 0.2, "唐玉珍"},
    {"cs-wp8", "第八水厂职工食堂", "canteen", 2, false, "含氯消毒液 500 mg/L", "餐后桌椅擦拭", "6901234500073", 0.2,
     "唐玉珍"},
};
// The place that misses its rounds today (overdue in the demo).
constexpr const char* kOverduePlace = "第二水厂倒班宿舍";

struct Ids {
  std::map<std::string, int64_t> units;
  bool seeded = false;
};

Result<Ids> look_up(Runtime& rt) {
  return rt.db.transact(TxMode::read, [&](Tx& tx) -> Result<Ids> {
    Ids ids;
    LL_TRY(auto rows, tx.query("SELECT code, id FROM orgs"));
    for (const auto& r : rows) ids.units[r.text(0)] = r.integer(1);
    if (!ids.units.count("csws")) return Error::internal("the demo utility csws is missing");
    LL_TRY(auto w, tx.query_one("SELECT 1 FROM supply_warehouses WHERE code = 'CS-WH-01'"));
    ids.seeded = w.has_value();
    return ids;
  });
}

class Seeder {
 public:
  Seeder(Platform& p, const Ids& ids)
      : p_(p), ids_(ids), tl_(supplies::local_time(p.runtime()), p.runtime().clock.now()) {}

  Status run() {
    LL_CHECK(changsha());
    LL_CHECK(shaoyang());
    LL_CHECK(xiangtan());
    return disinfection();
  }

 private:
  int64_t unit(const char* code) const { return ids_.units.at(code); }

  Result<int64_t> warehouse(const char* org, const char* code, const char* name, const char* address,
                            const char* keeper) {
    LL_TRY(auto w, p_.supplies().catalog.create_warehouse(system_, {unit(org), code, name, address, keeper}));
    return w.id;
  }

  Result<int64_t> item(const char* org, const DemoItem& d) {
    supplies::NewItem in;
    in.org_id = unit(org);
    in.code = d.code;
    in.name = d.name;
    in.category = d.category;
    in.spec = d.spec;
    in.base_unit = d.base_unit;
    in.units = d.units;
    in.concentration = d.concentration;
    in.per_person_day = d.per_person_day;
    in.large_issue_quantity = d.large_issue;
    LL_TRY(auto it, p_.supplies().catalog.create_item(system_, in));
    items_[d.code] = it.id;
    return it.id;
  }

  Status level(int64_t warehouse, const char* item_code, double reorder, double safety) {
    supplies::LevelInput l{warehouse, items_.at(item_code), reorder, safety, std::nullopt};
    return p_.supplies().catalog.set_level(system_, l).ok() ? Status{} : Error::internal("demo level failed");
  }

  Status move(const Actor& actor, supplies::NewMovement m, int day, int hour, int minute) {
    // Today's movements happened before the seed runs, whatever the hour.
    m.occurred_at = std::min(tl_.at(day, hour, minute), tl_.now() - std::chrono::minutes(5));
    auto r = p_.supplies().movements.record(actor, m, std::nullopt);
    if (!r) return Error::internal("demo movement (" + m.kind + ", day " + std::to_string(day) + "): " + r.error().message);
    return {};
  }

  supplies::NewMovement receipt(int64_t warehouse, const char* item_code, double quantity, const char* unit,
                                const char* source, const char* supplier, std::optional<std::string> lot_no = {},
                                std::optional<std::string> expires = {}) {
    supplies::NewMovement m;
    m.kind = "receipt";
    m.warehouse_id = warehouse;
    m.item_id = items_.at(item_code);
    m.quantity = quantity;
    m.unit = unit;
    m.source = source;
    m.supplier = supplier;
    m.lot_no = std::move(lot_no);
    m.expires_on = std::move(expires);
    return m;
  }

  supplies::NewMovement issue(int64_t warehouse, const char* item_code, double quantity, const char* unit,
                              const char* to_org, const char* purpose) {
    supplies::NewMovement m;
    m.kind = "issue";
    m.warehouse_id = warehouse;
    m.item_id = items_.at(item_code);
    m.quantity = quantity;
    if (unit) m.unit = unit;
    m.to_org_id = unit_id(to_org);
    m.purpose = purpose;
    return m;
  }

  int64_t unit_id(const char* code) const { return unit(code); }

  // 长沙: the group's store and the No. 8 plant's, purchases from day 1 and daily issues.
  Status changsha() {
    LL_TRY(hq_, warehouse("csws", "CS-WH-01", "集团防疫物资仓库", "开福区湘江中路二段 36 号集团后勤楼一层", "杨帆"));
    LL_TRY(wp8_, warehouse("cs-wp8", "CS-WH-08", "第八水厂物资仓库", "望城区第八水厂综合楼", "欧阳明"));
    for (const auto& d : cs_items()) {
      LL_CHECK(item("csws", d).ok() ? Status{} : Error::internal(std::string("demo item failed: ") + d.code));
      LL_CHECK(level(hq_, d.code, d.reorder, d.safety));
    }
    LL_CHECK(level(wp8_, "6901234500011", 1000, 500));
    LL_CHECK(level(wp8_, "6901234500073", 20, 10));

    const Actor store = Actor::system("杨帆");
    const std::string far = tl_.date(18 + 700), soon = tl_.date(18 + 20);
    LL_CHECK(move(store, receipt(hq_, "6901234500011", 600, "盒", "purchase", "湖南稳健医疗用品有限公司", "20200110", far), 1, 9, 30));
    LL_CHECK(move(store, receipt(hq_, "6901234500073", 20, "桶", "purchase", "长沙市卫生防疫用品站", "CL-2001", tl_.date(18 + 330)), 1, 10, 0));
    LL_CHECK(move(store, receipt(hq_, "6901234500042", 40, "桶", "purchase", "湖南利尔康生物股份有限公司", "ALC-2001", tl_.date(18 + 200)), 1, 10, 20));
    LL_CHECK(move(store, receipt(hq_, "6901234500028", 500, "盒", "purchase", "湖南稳健医疗用品有限公司", "KN-0112", far), 2, 9, 0));
    LL_CHECK(move(store, receipt(hq_, "6901234500059", 80, "支", "purchase", "长沙医疗器械经营部", "", std::nullopt), 2, 15, 0));
    LL_CHECK(move(store, receipt(hq_, "6901234500035", 8, "箱", "purchase", "湖南省医药集团", "PS-2001", far), 3, 11, 0));
    LL_CHECK(move(store, receipt(hq_, "6901234500011", 200, "盒", "donation", "长沙市工商联爱心企业", "D-0127", far), 4, 16, 0));
    LL_CHECK(move(store, receipt(hq_, "6901234500066", 50, "盒", "purchase", "长沙市卫生防疫用品站", "GL-2001", far), 5, 10, 0));
    LL_CHECK(move(store, receipt(hq_, "6901234500011", 10, "箱", "purchase", "湖南稳健医疗用品有限公司", "20200201", far), 9, 10, 0));

    // Day 3: the No. 8 plant's store is stocked from the group's.
    for (auto [code, qty, u] : {std::tuple{"6901234500011", 60.0, "盒"}, {"6901234500073", 4.0, "桶"},
                                {"6901234500042", 2.0, "桶"}}) {
      supplies::NewMovement t;
      t.kind = "transfer";
      t.warehouse_id = hq_;
      t.to_warehouse_id = wp8_;
      t.item_id = items_.at(code);
      t.quantity = qty;
      t.unit = u;
      t.note = "第八水厂倒班人员防护物资";
      LL_CHECK(move(store, t, 3, 14, 0));
    }

    // Daily issues to the units, with the day's jitter.
    Jitter j(2020);
    struct Daily {
      const char* item;
      const char* to;
      int base, spread;
      const char* purpose;
      int first_day;
    };
    const Daily daily[] = {
        {"6901234500011", "cs-supply", 400, 120, "供水服务一线人员每日防护", 1},
        {"6901234500011", "cs-service", 250, 80, "营业厅、热线坐席人员防护", 1},
        {"6901234500011", "cs-wp2", 200, 60, "第二水厂倒班人员防护", 1},
        {"6901234500011", "cs-wp5", 180, 60, "第五水厂倒班人员防护", 1},
        {"6901234500011", "cs-drain", 200, 60, "排水公司一线人员防护", 1},
        {"6901234500028", "cs-repair1", 60, 20, "抢修现场防护", 2},
        {"6901234500028", "cs-repair2", 50, 20, "抢修现场防护", 2},
        // Suits: 8 a day from day 3 leave 32 of the 160 bought, under the reorder point of 60.
        {"6901234500035", "cs-repair1", 5, 0, "定点医院周边抢修防护", 3},
        {"6901234500035", "cs-commando", 3, 0, "党员突击队带水作业防护", 3},
        {"6901234500042", "cs-service", 2, 1, "营业厅台面消毒", 1},
        {"6901234500042", "cs-supply", 2, 2, "抢修车辆与工具消毒", 1},
        {"6901234500066", "cs-supply", 80, 40, "入户维修防护", 5},
        {"6901234500073", "cs-drain", 4, 2, "泵站、污水厂消杀", 1},
    };
    for (int day = 1; day <= Timeline::kToday; ++day) {
      // A donated lot that expires within the month: issued first (FEFO), still on hand today.
      if (day == 16)
        LL_CHECK(move(store, receipt(hq_, "6901234500042", 100, "瓶", "donation", "湖南省红十字会", "ALC-D01", soon), 16, 7, 30));
      for (const auto& d : daily) {
        if (day < d.first_day) continue;
        const int q = d.base + j.below(d.spread + 1);
        const int hour = day == Timeline::kToday ? 7 : 8 + j.below(3);
        LL_CHECK(move(store, issue(hq_, d.item, q, nullptr, d.to, d.purpose), day, hour, j.below(60)));
      }
      if (day >= 4) {
        LL_CHECK(move(Actor::system("欧阳明"), issue(wp8_, "6901234500011", 90 + j.below(20), nullptr, "cs-wp8", "第八水厂倒班人员防护"),
                      day, 8, 15));
      }
    }
    // The No. 8 plant's sodium hypochlorite: bought by the tonne, dosed into the water every day.
    DemoItem naclo{"6901234500080", "次氯酸钠溶液（10%）", "hypochlorite", "有效氯 10%，水厂消毒用", "kg", {{"桶", 25}},
                   10.0, std::nullopt, std::nullopt, 10000, 5000};
    LL_CHECK(item("csws", naclo).ok() ? Status{} : Error::internal("demo item failed: 6901234500080"));
    LL_CHECK(level(wp8_, naclo.code, naclo.reorder, naclo.safety));
    const Actor wp8_keeper = Actor::system("欧阳明");
    LL_CHECK(move(wp8_keeper, receipt(wp8_, naclo.code, 30, "t", "purchase", "湖南株化化工有限公司", "NC-2001", tl_.date(18 + 150)), 2, 10, 0));
    LL_CHECK(move(wp8_keeper, receipt(wp8_, naclo.code, 30, "t", "purchase", "湖南株化化工有限公司", "NC-2002", tl_.date(18 + 160)), 10, 10, 0));
    for (int day = 3; day <= Timeline::kToday; ++day)
      LL_CHECK(move(wp8_keeper, issue(wp8_, naclo.code, 1.5, "t", "cs-wp8", "出厂水消毒投加"), day, 6, 30));
    // Thermometers to the entrance posts (门岗测温) once.
    for (const char* to : {"cs-office", "cs-wp2", "cs-wp5", "cs-wp8", "cs-service", "cs-supply", "cs-drain"})
      LL_CHECK(move(store, issue(hq_, "6901234500059", 8, nullptr, to, "门岗体温检测"), 2, 16, 30));
    return requests();
  }

  // Requests in every state: received, waiting for approval, waiting for a second approval.
  Status requests() {
    auto& r = p_.supplies().requests;
    auto line = [&](const char* code, double q) {
      return supplies::NewRequestLine{items_.at(code), q, std::nullopt};
    };
    auto fail = [](const Error& e) { return Error::internal("demo request: " + e.message); };
    supplies::NewRequest a{unit("cs-wp2"), hq_, "第二水厂倒班人员下周防护用品", std::nullopt,
                           {line("6901234500011", 1000), line("6901234500042", 10)}};
    auto created = r.create(Actor::system("赵磊"), a);
    if (!created) return fail(created.error());
    auto approved = r.approve(Actor::system("杨帆"), created->id, {std::nullopt, std::string("按申领数量发放"), true});
    if (!approved) return fail(approved.error());
    auto received = r.confirm(Actor::system("赵磊"), created->id);
    if (!received) return fail(received.error());

    supplies::NewRequest b{unit("cs-supply"), hq_, "管网抢修一队、二队定点医院周边作业防护", tl_.date(19),
                           {line("6901234500035", 40), line("6901234500028", 300)}};
    auto waiting = r.create(Actor::system("李卫东"), b);
    if (!waiting) return fail(waiting.error());

    supplies::NewRequest c{unit("cs-service"), hq_, "营业厅恢复营业后窗口人员两周用量", std::nullopt,
                           {line("6901234500011", 5000)}};
    auto large = r.create(Actor::system("冯雪"), c);
    if (!large) return fail(large.error());
    auto first = r.approve(Actor::system("杨帆"), large->id, {std::nullopt, std::string("数量较大，报指挥长复核"), false});
    if (!first) return fail(first.error());
    return {};
  }

  // 邵阳: hypochlorite made at the plant and given free to the city's units, about 140 t by day 15.
  Status shaoyang() {
    LL_TRY(int64_t wh, warehouse("syzls", "SY-WH-01", "次氯酸钠储备库", "邵阳市双清区自来水公司水厂加药间", "罗建华"));
    DemoItem naclo{"SY-NACLO-10", "次氯酸钠溶液（10%）", "hypochlorite", "有效氯 10%，25 kg/桶", "kg",
                   {{"桶", 25}}, 10.0, std::nullopt, std::nullopt, 20000, 10000};
    LL_CHECK(item("syzls", naclo).ok() ? Status{} : Error::internal("demo item failed: SY-NACLO-10"));
    LL_CHECK(level(wh, naclo.code, naclo.reorder, naclo.safety));
    const Actor keeper = Actor::system("罗建华");
    LL_CHECK(move(keeper, receipt(wh, naclo.code, 20, "t", "production", "本公司水厂次氯酸钠发生器"), 1, 8, 0));
    for (int day = 1; day <= Timeline::kToday - 1; ++day)
      LL_CHECK(move(keeper, receipt(wh, naclo.code, 9, "t", "production", "本公司水厂次氯酸钠发生器"), day, 18, 0));
    int n = 0;
    for (const auto& d : kShaoyang) {
      supplies::NewMovement m;
      m.kind = "support";
      m.warehouse_id = wh;
      m.item_id = items_.at(naclo.code);
      m.quantity = d.tonnes;
      m.unit = "t";
      m.note = "无偿提供，用于公共场所消杀";
      supplies::Delivery del;
      del.recipient_name = d.recipient;
      del.recipient_type = d.type;
      del.contact_name = n % 2 ? "后勤负责人" : "办公室";
      del.contact_phone = "0739-53" + std::to_string(10000 + n * 137);
      del.concentration = 10.0;
      del.delivered_by = n % 3 == 0 ? "保障组 曾庆华" : n % 3 == 1 ? "保障组 易志军" : "保障组 周文斌";
      del.vehicle = n % 2 ? "湘E·3G716 槽罐车" : "湘E·5D202 槽罐车";
      m.support = del;
      LL_CHECK(move(keeper, m, d.day, 9 + (n % 7), 10 * (n % 6)));
      ++n;
    }
    return {};
  }

  // 湘潭: emergency delivery to 湘乡市人民医院 when the hospital ran out.
  Status xiangtan() {
    LL_TRY(int64_t wh, warehouse("xtzh", "XT-WH-01", "湘潭中环水务物资仓库", "湘潭市岳塘区水厂加药间", "刘军"));
    DemoItem naclo{"XT-NACLO-10", "次氯酸钠溶液（10%）", "hypochlorite", "有效氯 10%", "kg", {{"桶", 25}}, 10.0,
                   std::nullopt, std::nullopt, 2000, 1000};
    LL_CHECK(item("xtzh", naclo).ok() ? Status{} : Error::internal("demo item failed: XT-NACLO-10"));
    LL_CHECK(level(wh, naclo.code, naclo.reorder, naclo.safety));
    const Actor keeper = Actor::system("刘军");
    LL_CHECK(move(keeper, receipt(wh, naclo.code, 10, "t", "production", "本公司水厂次氯酸钠发生器"), 4, 9, 0));
    supplies::NewMovement m;
    m.kind = "support";
    m.warehouse_id = wh;
    m.item_id = items_.at(naclo.code);
    m.quantity = 2;
    m.unit = "t";
    m.note = "医院消毒药剂告急，紧急支援";
    supplies::Delivery del;
    del.recipient_name = "湘乡市人民医院";
    del.recipient_type = "hospital";
    del.contact_name = "医院总务科";
    del.contact_phone = "0731-56722120";
    del.concentration = 10.0;
    del.delivered_by = "保障组 刘军、谭建新";
    del.vehicle = "湘C·5A217 槽罐车";
    m.support = del;
    return move(keeper, m, 6, 15, 30);
  }

  // Two weeks of rounds at the headquarters and two plants; one place misses today's.
  Status disinfection() {
    auto& places = p_.disinfection().places;
    auto& records = p_.disinfection().records;
    const Instant now = p_.runtime().clock.now();
    Jitter j(7);
    for (const auto& d : kPlaces) {
      disinfection::NewPlace in;
      in.org_id = unit(d.org);
      in.name = d.name;
      in.kind = d.kind;
      in.times_per_day = d.times_per_day;
      in.after_each_use = d.after_each_use;
      in.agent = d.agent;
      in.dose = d.dose;
      in.agent_item_id = items_.at(d.item);
      in.dose_quantity = d.dose_quantity;
      auto place = places.create(system_, in);
      if (!place) return Error::internal("demo place " + std::string(d.name) + ": " + place.error().message);
      const Actor cleaner = Actor::system(d.cleaner);
      const bool overdue = std::string_view(d.name) == kOverduePlace;
      std::vector<Instant> rounds;
      for (int day = Timeline::kToday - 13; day < Timeline::kToday; ++day) {
        const int times = std::max(d.times_per_day, 2);
        for (int k = 0; k < times; ++k) {
          if (overdue && day == Timeline::kToday - 1 && k > 0) break;  // the evening round was missed
          rounds.push_back(tl_.at(day, 8 + k * (11 / times) + (k ? 2 : 0), j.below(50)));
        }
      }
      // Today: a round an hour ago (so the demo opens with one place overdue, whatever the hour).
      if (!overdue) rounds.push_back(now - std::chrono::minutes(50 + j.below(30)));
      for (Instant at : rounds) {
        disinfection::NewRecord r;
        r.place_id = place->id;
        r.done_at = at;
        auto done = records.backfill(cleaner, r);
        if (!done) return Error::internal("demo round at " + std::string(d.name) + ": " + done.error().message);
      }
    }
    return {};
  }

  Platform& p_;
  const Ids& ids_;
  Timeline tl_;
  const Actor system_ = Actor::system("demo");
  std::map<std::string, int64_t> items_;
  int64_t hq_ = 0, wp8_ = 0;
};

}  // namespace

Status seed_supplies(Platform& p) {
  LL_TRY(auto ids, look_up(p.runtime()));
  if (ids.seeded) return {};
  return Seeder(p, ids).run();
}

}  // namespace lifeline::app::demo

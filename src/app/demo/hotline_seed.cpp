#include "app/demo/hotline_seed.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "app/demo/timeline.h"
#include "app/hotline/phone.h"
#include "core/local_time.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::demo {

namespace {

using store::Tx;
using store::TxMode;

// Deterministic draws (splitmix64), so every demo database has the same calls.
class Draw {
 public:
  explicit Draw(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
  int between(int lo, int hi) { return lo + below(hi - lo + 1); }  // inclusive
  template <size_t N>
  int weighted(const std::array<int, N>& weights) {
    int total = 0;
    for (int w : weights) total += w;
    int x = below(total);
    for (size_t i = 0; i < N; ++i) {
      if (x < weights[i]) return static_cast<int>(i);
      x -= weights[i];
    }
    return 0;
  }
  template <typename T, size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(static_cast<int>(N))];
  }

 private:
  uint64_t s_;
};

// Days 1–10 of the timeline (the seed's 24 January – 2 February 2020): the
// first days of the level-I response; the hotline took 2,696 calls, all
// handled. Then a smaller flow as people got used to the measures (days
// 11–17), and today's calls up to now (day 18; a few more come through the
// console in seed_today).
constexpr std::array<int, 10> kFirstTenDays = {212, 256, 301, 318, 296, 274, 263, 255, 268, 253};
constexpr std::array<int, 8> kLaterDays = {197, 183, 170, 161, 152, 140, 133, 126};  // days 11–18, whole days

struct Category {
  const char* code;
  int weight;                 // per mille of the calls
  int close_min, close_max;   // received → closed, minutes
  bool on_site;               // handed to the supply branch (transferred) before closing
  std::vector<std::pair<const char*, const char*>> texts;  // summary, resolution
};

const std::vector<Category>& categories() {
  static const std::vector<Category> table = {
      {"epidemic_policy", 330, 3, 25, false,
       {{"询问疫情期间营业厅是否暂停营业", "告知营业厅暂停现场业务，可通过微信公众号、支付宝办理"},
        {"询问疫情期间上门抄表安排", "告知暂停入户抄表，本月按上月用量估抄，可在公众号自报读数"},
        {"询问小区封闭管理后维修人员能否入户", "告知维修人员持证上岗、测温并佩戴口罩，入户前电话预约"},
        {"询问自来水能否传播新冠病毒", "解释出厂水经严格消毒、水质全面达标，可放心使用"},
        {"询问居家隔离期间新装水表能否延期", "已登记延期办理，解除隔离后联系上门"},
        {"反映小区门卫不让抄表员进入", "说明本月暂停入户抄表，按估抄计量，不影响用水"},
        {"询问疫情期间水费是否减免", "解释按政府统一政策执行，如有减免将另行公告"},
        {"询问营业厅何时恢复营业", "告知以官方公告为准，期间业务可线上办理"}}},
      {"billing", 240, 3, 40, false,
       {{"咨询欠费是否会停水", "告知疫情期间欠费不停水，可延期缴费，不收滞纳金"},
        {"咨询线上缴费方式", "指导使用微信公众号和支付宝生活缴费"},
        {"反映本月水费偏高", "核实为估抄，下月按实际读数多退少补"},
        {"咨询缓缴水费政策", "告知疫情期间可缓缴，免收滞纳金"},
        {"申请开具电子发票", "已指导在公众号自助开具"},
        {"咨询户名过户办理", "告知疫情期间可线上提交材料办理"}}},
      {"no_water", 120, 40, 480, true,
       {{"反映家中突然停水，未见停水通知", "经查为小区内部管道检修，已恢复供水并致歉"},
        {"反映二次供水水箱清洗后未恢复供水", "已督促物业开启泵房阀门，供水恢复"},
        {"反映小区高层停水，物业称泵房故障", "供水分公司协助物业抢修加压泵，供水恢复"},
        {"反映整栋楼无水", "经查为楼道总阀被误关，已开启恢复供水"}}},
      {"low_pressure", 100, 60, 720, true,
       {{"反映用水高峰水压低，高层出水小", "已调整片区加压站运行，水压恢复正常"},
        {"反映热水器无法点火，水压不足", "上门测压0.18MPa，已清洗表前过滤器，恢复正常"},
        {"反映近日水压明显偏低", "片区管网阀门调整后水压恢复"}}},
      {"burst_leak", 60, 90, 900, true,
       {{"反映路面冒水，疑似管道爆裂", "抢修队到场关阀抢修，更换管段后恢复供水"},
        {"反映水表井漏水", "已更换表前阀门，漏水消除"},
        {"反映人行道下有水渗出", "查明为DN100支管接口渗漏，已修复"},
        {"反映小区主管漏水，水流较大", "带水作业安装哈夫节，漏点修复"}}},
      {"quality", 60, 60, 1440, true,
       {{"反映自来水有氯味", "解释疫情期间加强消毒，余氯达标，属正常现象"},
        {"反映水发黄", "已安排管网放水冲洗，取样检测合格"},
        {"反映水中有白色沉淀", "上门取样检测合格，为水中钙镁析出"},
        {"反映自来水有异味", "水质中心取样检测，各项指标合格"}}},
      {"other", 90, 5, 180, false,
       {{"咨询新装水表报装流程", "告知线上报装流程和所需材料"},
        {"表扬抢修人员疫情期间坚守岗位", "已记录并转达表扬"},
        {"咨询水表迁移事宜", "已登记需求，疫情缓解后安排现场勘查"},
        {"反映水表箱盖板缺失", "已转管网所补装盖板"},
        {"咨询节水器具安装", "告知节水器具选用建议"}}},
  };
  return table;
}

constexpr const char* kDistricts[][6] = {
    {"芙蓉区", "五一大道", "芙蓉中路", "韶山北路", "八一路", "东二环一段"},
    {"天心区", "劳动西路", "书院路", "芙蓉南路", "湘府中路", "南湖路"},
    {"岳麓区", "麓山南路", "桐梓坡路", "金星北路", "枫林一路", "岳华路"},
    {"开福区", "湘江中路", "车站北路", "芙蓉北路", "伍家岭路", "三一大道"},
    {"雨花区", "万家丽路", "劳动东路", "韶山中路", "曙光南路", "香樟路"},
    {"望城区", "雷锋大道", "郭亮路", "旺旺路", "金星北路", "普瑞大道"},
};
constexpr const char* kCommunities[] = {"锦绣小区", "金色家园", "湘江世纪城", "丽发新城", "万科城", "东方新城",
                                        "新华都小区", "枫林绿洲", "银桂苑", "景江东方", "汇景家园", "湘府花园"};
constexpr const char* kOperators[] = {"王敏", "刘婷", "陈雪", "张丽", "李娜", "周倩"};
constexpr const char* kFollowUpNotes[] = {"用户表示满意", "用户认可处理结果", "用户对答复满意", "用户建议加强宣传",
                                          "用户表示理解"};
// Calls per hour of the local day (the hotline runs 24 hours, busiest 8–11 and 14–17).
constexpr std::array<int, 24> kHourWeights = {2, 1, 1, 1, 1, 2, 4, 8, 14, 16, 15, 12, 9, 10, 13, 14, 13, 11, 9, 8,
                                              7, 5, 4, 3};

std::string address(Draw& d) {
  const auto& district = kDistricts[d.below(6)];
  std::string a = std::string("长沙市") + district[0] + district[1 + d.below(5)] + std::to_string(d.between(1, 480)) + "号";
  if (d.below(3) > 0) a += std::string(d.pick(kCommunities)) + std::to_string(d.between(1, 24)) + "栋";
  return a;
}

std::string phone(Draw& d) {
  char buf[24];
  if (d.below(5) == 0) {
    std::snprintf(buf, sizeof buf, "07318%07d", d.between(0, 9999999));
  } else {
    static constexpr const char* kPrefixes[] = {"138", "139", "137", "135", "150", "152", "158", "186", "187",
                                                "173", "177", "180", "189", "199"};
    std::snprintf(buf, sizeof buf, "%s%08d", d.pick(kPrefixes), d.between(0, 99999999));
  }
  return buf;
}

struct Row {
  int64_t received_ms = 0;
  std::string phone, category, address, summary, resolution, operator_name;
  std::optional<std::string> transferred_to;
  int64_t responded_ms = 0, closed_ms = 0;
  std::optional<int64_t> satisfaction, followed_up_ms;
  std::optional<std::string> follow_up_note;
};

// The calls of one local day, in order of arrival.
std::vector<Row> day_of_calls(Draw& d, const LocalTime& local, const std::string& day, int count,
                              std::vector<std::string>& callers) {
  std::array<int, 7> weights{};
  for (size_t i = 0; i < categories().size(); ++i) weights[i] = categories()[i].weight;
  std::vector<Row> rows;
  for (int i = 0; i < count; ++i) {
    const Category& c = categories()[static_cast<size_t>(d.weighted(weights))];
    Row r;
    int minute = d.weighted(kHourWeights) * 60 + d.below(60);
    r.received_ms = to_millis(local.at(day, minute)) + d.below(60) * 1000;
    // About one call in eight comes from someone who called before.
    if (!callers.empty() && d.below(8) == 0) {
      r.phone = callers[static_cast<size_t>(d.below(static_cast<int>(callers.size())))];
    } else {
      r.phone = phone(d);
      callers.push_back(r.phone);
    }
    r.category = c.code;
    r.address = address(d);
    const auto& text = c.texts[static_cast<size_t>(d.below(static_cast<int>(c.texts.size())))];
    r.summary = text.first;
    r.resolution = text.second;
    r.operator_name = d.pick(kOperators);
    r.responded_ms = r.received_ms + d.between(20, 480) * 1000;
    int close_min = d.between(c.close_min, c.close_max);
    // Handling times lean short: half the calls take the lower part of the range.
    if (d.below(2) == 0) close_min = c.close_min + (close_min - c.close_min) / 3;
    r.closed_ms = std::max(r.responded_ms, r.received_ms + int64_t{close_min} * 60000);
    if (c.on_site) r.transferred_to = std::string(c.code == std::string("quality") ? "水质监测中心" : "供水服务分公司");
    if (d.below(100) < 65) {
      r.satisfaction = std::array<int64_t, 5>{5, 4, 3, 2, 1}[static_cast<size_t>(
          d.weighted(std::array<int, 5>{720, 210, 50, 15, 5}))];
      r.followed_up_ms = r.closed_ms + int64_t{d.between(60, 26 * 60)} * 60000;
      r.follow_up_note = std::string(d.pick(kFollowUpNotes));
    }
    rows.push_back(std::move(r));
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.received_ms < b.received_ms; });
  return rows;
}

// Calls per day of the timeline, days 1 … today.
int calls_on(int day) {
  if (day >= 1 && day <= 10) return kFirstTenDays[static_cast<size_t>(day - 1)];
  if (day >= 11 && day <= 18) return kLaterDays[static_cast<size_t>(day - 11)];
  return 0;
}

// Nothing of a call lies after now: today's calls are those already closed
// (the open ones come through the console), and a follow-up still to come is not made yet.
bool settle(Row& r, int64_t now_ms) {
  if (r.closed_ms > now_ms) return false;
  if (r.followed_up_ms && *r.followed_up_ms > now_ms) {
    r.satisfaction.reset();
    r.followed_up_ms.reset();
    r.follow_up_note.reset();
  }
  return true;
}

// The history in one transaction, 100 calls per INSERT.
Status seed_history(Tx& tx, int64_t utility_id, int64_t org_id, const std::string& org_path, const Timeline& timeline,
                    int64_t now_ms) {
  const LocalTime& local = timeline.local();
  Draw d(20200124);
  std::vector<std::string> callers;
  constexpr size_t kBatch = 100;
  constexpr const char* kColumns =
      "INSERT INTO hotline_calls (org_id, org_path, utility_id, day, seq, code, received_at, caller_phone,"
      " caller_hash, category, address, summary, state, taken_by_name, responded_at, closed_at, transferred_to,"
      " resolution, satisfaction, follow_up_note, followed_up_at, created_at) VALUES ";
  constexpr const char* kTuple = "(?,?,?,?,?,?,?,?,?,?,?,?,'closed',?,?,?,?,?,?,?,?,?)";
  std::string sql;
  store::Params params;
  size_t pending = 0;
  auto flush = [&]() -> Status {
    if (pending == 0) return {};
    sql = kColumns;
    for (size_t i = 0; i < pending; ++i) sql += (i ? "," : "") + std::string(kTuple);
    LL_CHECK(tx.execute(sql, params));
    params.clear();
    pending = 0;
    return {};
  };
  for (int n = 1; n <= timeline.today(); ++n) {
    const std::string day = timeline.date(n);
    auto rows = day_of_calls(d, local, day, calls_on(n), callers);
    int64_t seq = 0;
    for (auto& r : rows) {
      if (!settle(r, now_ms)) continue;
      ++seq;
      char code[48];
      std::snprintf(code, sizeof code, "RX-%c%c%c%c%c%c%c%c-%04lld", day[0], day[1], day[2], day[3], day[5], day[6],
                    day[8], day[9], static_cast<long long>(seq));
      auto normalised = hotline::normalise_phone(r.phone);
      if (!normalised) return Error::internal("demo caller number " + r.phone + " is not valid");
      params.insert(params.end(),
                    {org_id, org_path, utility_id, day, seq, std::string(code), r.received_ms, *normalised,
                     hotline::caller_hash(*normalised), r.category, r.address, r.summary, r.operator_name,
                     r.responded_ms, r.closed_ms, r.transferred_to, r.resolution, r.satisfaction, r.follow_up_note,
                     r.followed_up_ms, now_ms});
      if (++pending == kBatch) LL_CHECK(flush());
    }
  }
  return flush();
}

// The hotline operator's login, as the console would act for her.
Result<Actor> operator_actor(Tx& tx) {
  LL_TRY(auto row, tx.query_one("SELECT u.id, u.username, u.display_name, u.role, o.id, o.name, o.path FROM users u"
                                " JOIN orgs o ON o.id = u.org_id WHERE u.username = 'cs_dispatcher'"));
  if (!row) return Error::internal("the demo login cs_dispatcher is missing");
  Actor a;
  a.user_id = row->integer(0);
  a.username = row->text(1);
  a.display_name = row->text(2);
  a.role = row->text(3);
  a.org_id = row->integer(4);
  a.org_name = row->text(5);
  a.org_path = row->text(6);
  a.request_id = "demo";
  return a;
}

// Today's calls through the console's own services: a few still open, one
// answered and followed up, and a burst report grouped onto the open demo
// incident nearest to it (created by repair_seed).
Status seed_today(Platform& p, const Actor& op, const std::string& utility_path) {
  Runtime& rt = p.runtime();
  auto& m = p.hotline();
  const Instant now = rt.clock.now();
  auto log = [&](int minutes_ago, const char* phone_no, const char* category, const char* addr,
                 const char* summary, std::optional<double> x = std::nullopt,
                 std::optional<double> y = std::nullopt) -> Result<hotline::Call> {
    hotline::NewCall c;
    c.received_at = now - std::chrono::minutes(minutes_ago);
    c.caller_phone = phone_no;
    c.category = category;
    c.address = addr;
    c.summary = summary;
    c.x = x;
    c.y = y;
    return m.calls.log(op, c);
  };
  LL_TRY(auto answered, log(96, "13974125836", "epidemic_policy", "长沙市岳麓区枫林一路88号",
                            "询问复工企业用水报装能否加急办理"));
  LL_CHECK(m.calls.transition(op, answered.id, {"handled", std::nullopt, std::nullopt, std::nullopt}));
  LL_CHECK(m.calls.transition(op, answered.id,
                              {"closed", std::nullopt, std::nullopt, std::string("已开通复工复产绿色通道，三日内上门")}));
  LL_CHECK(m.follow_ups.record(op, answered.id, {5, "企业负责人表示满意"}));
  LL_TRY(auto billing, log(64, "0731-84512367", "billing", "长沙市天心区书院路216号",
                           "咨询疫情期间欠费是否会停水"));
  LL_CHECK(m.calls.transition(op, billing.id, {"handled", std::string("已告知欠费不停水"), std::nullopt, std::nullopt}));
  LL_CHECK(log(41, "18673190415", "low_pressure", "长沙市雨花区万家丽路365号湘府花园7栋",
               "反映18楼以上水压低，热水器无法点火"));
  LL_CHECK(log(23, "15084721963", "epidemic_policy", "长沙市开福区伍家岭路52号",
               "询问隔离酒店用水保障联系人"));

  // The burst: about 40 m from the newest open incident of the utility.
  LL_TRY(auto incident, rt.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::optional<store::Row>> {
    return tx.query_one("SELECT id, x, y, address, org_path FROM incidents WHERE org_path LIKE ? ESCAPE '\\'"
                        " AND closed_at IS NULL AND x IS NOT NULL AND y IS NOT NULL ORDER BY reported_at DESC, id DESC LIMIT 1",
                        {store::like_prefix(utility_path)});
  }));
  if (!incident) {
    LL_CHECK(log(8, "13787093352", "burst_leak", "长沙市芙蓉区五一大道389号", "反映路面大量冒水，疑似爆管"));
    return {};
  }
  std::string where = incident->text(3).empty() ? std::string("长沙市芙蓉区五一大道389号") : incident->text(3);
  LL_TRY(auto burst, log(8, "13787093352", "burst_leak", where.c_str(), "反映路面大量冒水，疑似爆管，附近已停水",
                         incident->real(1) + 30, incident->real(2) + 25));
  if (op.sees(incident->text(4))) {
    LL_CHECK(m.grouping.to_incident(op, burst.id, {}));  // the console's grouping finds it
  } else {
    // An incident of another unit of the utility, outside the operator's view.
    hotline::IncidentRequest link;
    link.incident_id = incident->integer(0);
    LL_CHECK(m.grouping.to_incident(Actor::system("demo"), burst.id, link));
  }
  return {};
}

}  // namespace

Status seed_hotline(Platform& p) {
  Runtime& rt = p.runtime();
  LL_TRY(auto local, LocalTime::load(rt.config.time_zone));
  const Timeline timeline(local, rt.clock.now());
  const int64_t now_ms = to_millis(rt.clock.now());
  std::optional<Actor> op;
  std::string utility_path;
  LL_CHECK(rt.db.run(TxMode::write, [&](Tx& tx) -> Status {
    LL_TRY(auto cs, tx.query_one("SELECT id, path FROM orgs WHERE code = 'csws'"));
    if (!cs) return Error::internal("the demo utility csws is missing");
    LL_TRY(auto has, tx.query_one("SELECT COUNT(*) FROM hotline_calls WHERE utility_id = ?", {cs->integer(0)}));
    if (has && has->integer(0) > 0) return {};
    // The hotline sits with the dispatch centre: its calls belong to the operator's unit.
    LL_TRY(op, operator_actor(tx));
    utility_path = cs->text(1);
    return seed_history(tx, cs->integer(0), op->org_id, op->org_path, timeline, now_ms);
  }));
  if (!op) return {};
  return seed_today(p, *op, utility_path);
}

}  // namespace lifeline::app::demo

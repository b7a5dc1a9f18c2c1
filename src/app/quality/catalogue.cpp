#include "app/quality/catalogue.h"

#include <algorithm>
#include <array>

namespace lifeline::app::quality {

namespace {

using G = Group;
using K = LimitKind;

constexpr Limit max(double v, std::string_view text) { return {K::max, 0, v, text}; }
constexpr Limit none(std::string_view text = "不应检出") { return {K::not_detected, 0, 0, text}; }

// GB/T 5750-2023 《生活饮用水标准检验方法》, by part.
constexpr std::string_view kSensory = "GB/T 5750.4-2023";
constexpr std::string_view kInorganic = "GB/T 5750.5-2023";
constexpr std::string_view kMetal = "GB/T 5750.6-2023";
constexpr std::string_view kOrganicSum = "GB/T 5750.7-2023";
constexpr std::string_view kOrganic = "GB/T 5750.8-2023";
constexpr std::string_view kPesticide = "GB/T 5750.9-2023";
constexpr std::string_view kByproduct = "GB/T 5750.10-2023";
constexpr std::string_view kMicrobe = "GB/T 5750.12-2023";
constexpr std::string_view kRadio = "GB/T 5750.13-2023";

Indicator ind(std::string_view code, std::string_view zh, std::string_view en, std::string_view unit, Group g,
              bool routine, Limit limit, std::string_view method, double physical_max = 1e6) {
  Indicator i;
  i.code = code;
  i.name_zh = zh;
  i.name_en = en;
  i.unit = unit;
  i.group = g;
  i.routine = routine;
  i.limit = limit;
  i.method = method;
  i.physical_max = physical_max;
  return i;
}

Indicator disinfectant(std::string_view code, std::string_view zh, std::string_view en, double max_v,
                       std::optional<double> outlet, std::optional<double> end, int contact, std::string_view text,
                       std::string_view method) {
  Indicator i = ind(code, zh, en, "mg/L", G::disinfectant, true, {K::max, 0, max_v, text}, method, 100);
  i.disinfectant = DisinfectantRule{max_v, outlet, end, contact};
  return i;
}

std::vector<Indicator> build_standard() {
  std::vector<Indicator> v;
  v.reserve(97);
  // Table 1, routine indicators (39).
  // 1 Microbiological.
  v.push_back(ind("total_coliforms", "总大肠菌群", "Total coliforms", "MPN/100mL", G::microbiological, true, none(),
                  "GB/T 5750.12-2023 多管发酵法/滤膜法/酶底物法"));
  v.push_back(ind("e_coli", "大肠埃希氏菌", "Escherichia coli", "MPN/100mL", G::microbiological, true, none(),
                  "GB/T 5750.12-2023 多管发酵法/滤膜法/酶底物法"));
  v.push_back(ind("hpc", "菌落总数", "Heterotrophic plate count", "CFU/mL", G::microbiological, true, max(100, "100"),
                  "GB/T 5750.12-2023 平皿计数法"));
  // 2 Toxicological.
  const std::pair<std::array<std::string_view, 3>, Limit> tox[] = {
      {{"arsenic", "砷", "Arsenic"}, max(0.01, "0.01")},
      {{"cadmium", "镉", "Cadmium"}, max(0.005, "0.005")},
      {{"chromium_vi", "铬（六价）", "Chromium (hexavalent)"}, max(0.05, "0.05")},
      {{"lead", "铅", "Lead"}, max(0.01, "0.01")},
      {{"mercury", "汞", "Mercury"}, max(0.001, "0.001")},
      {{"cyanide", "氰化物", "Cyanide"}, max(0.05, "0.05")},
      {{"fluoride", "氟化物", "Fluoride"}, max(1.0, "1.0")},
      {{"nitrate_n", "硝酸盐（以N计）", "Nitrate (as N)"}, max(10, "10")},
      {{"chloroform", "三氯甲烷", "Chloroform"}, max(0.06, "0.06")},
      {{"dibromochloromethane", "一氯二溴甲烷", "Dibromochloromethane"}, max(0.1, "0.1")},
      {{"bromodichloromethane", "二氯一溴甲烷", "Bromodichloromethane"}, max(0.06, "0.06")},
      {{"bromoform", "三溴甲烷", "Bromoform"}, max(0.1, "0.1")},
      {{"thms", "三卤甲烷（三氯甲烷、一氯二溴甲烷、二氯一溴甲烷、三溴甲烷的总和）", "Trihalomethanes (sum of ratios)"},
       max(1, "该类化合物中各种化合物的实测浓度与其各自限值的比值之和不超过1")},
      {{"dichloroacetic_acid", "二氯乙酸", "Dichloroacetic acid"}, max(0.05, "0.05")},
      {{"trichloroacetic_acid", "三氯乙酸", "Trichloroacetic acid"}, max(0.1, "0.1")},
      {{"bromate", "溴酸盐", "Bromate"}, max(0.01, "0.01")},
      {{"chlorite", "亚氯酸盐", "Chlorite"}, max(0.7, "0.7")},
      {{"chlorate", "氯酸盐", "Chlorate"}, max(0.7, "0.7")},
  };
  for (const auto& [n, limit] : tox) {
    std::string_view method = kInorganic;
    if (n[0] == "arsenic" || n[0] == "cadmium" || n[0] == "chromium_vi" || n[0] == "lead" || n[0] == "mercury")
      method = kMetal;
    else if (n[0] != "cyanide" && n[0] != "fluoride" && n[0] != "nitrate_n")
      method = kByproduct;
    v.push_back(ind(n[0], n[1], n[2], n[0] == "thms" ? "" : "mg/L", G::toxicological, true, limit, method));
  }
  // 3 Sensory and general chemical.
  v.push_back(ind("colour", "色度（铂钴色度单位）", "Colour (Pt-Co units)", "度", G::sensory, true, max(15, "15"),
                  "GB/T 5750.4-2023 铂-钴标准比色法", 10000));
  v.push_back(ind("turbidity", "浑浊度（散射浑浊度单位）", "Turbidity (NTU)", "NTU", G::sensory, true, max(1, "1"),
                  "GB/T 5750.4-2023 散射法-福尔马肼标准", 4000));
  v.push_back(ind("odour_taste", "臭和味", "Odour and taste", "", G::sensory, true,
                  {K::no_abnormal, 0, 0, "无异臭、异味"}, "GB/T 5750.4-2023 嗅气和尝味法"));
  v.push_back(ind("visible_matter", "肉眼可见物", "Visible matter", "", G::sensory, true, {K::no_abnormal, 0, 0, "无"},
                  "GB/T 5750.4-2023 直接观察法"));
  {
    Indicator ph = ind("ph", "pH", "pH", "", G::sensory, true, {K::range, 6.5, 8.5, "不小于6.5且不大于8.5"},
                       "GB/T 5750.4-2023 玻璃电极法", 14);
    v.push_back(ph);
  }
  const std::pair<std::array<std::string_view, 3>, Limit> general[] = {
      {{"aluminium", "铝", "Aluminium"}, max(0.2, "0.2")},
      {{"iron", "铁", "Iron"}, max(0.3, "0.3")},
      {{"manganese", "锰", "Manganese"}, max(0.1, "0.1")},
      {{"copper", "铜", "Copper"}, max(1.0, "1.0")},
      {{"zinc", "锌", "Zinc"}, max(1.0, "1.0")},
      {{"chloride", "氯化物", "Chloride"}, max(250, "250")},
      {{"sulfate", "硫酸盐", "Sulfate"}, max(250, "250")},
      {{"tds", "溶解性总固体", "Total dissolved solids"}, max(1000, "1000")},
      {{"total_hardness", "总硬度（以CaCO3计）", "Total hardness (as CaCO3)"}, max(450, "450")},
      {{"codmn", "高锰酸盐指数（以O2计）", "Permanganate index (as O2)"}, max(3, "3")},
      {{"ammonia_n", "氨（以N计）", "Ammonia (as N)"}, max(0.5, "0.5")},
  };
  for (const auto& [n, limit] : general) {
    std::string_view method = kInorganic;
    if (n[0] == "aluminium" || n[0] == "iron" || n[0] == "manganese" || n[0] == "copper" || n[0] == "zinc")
      method = kMetal;
    else if (n[0] == "tds" || n[0] == "total_hardness")
      method = kSensory;
    else if (n[0] == "codmn")
      method = "GB/T 5750.7-2023 酸性高锰酸钾滴定法";
    else if (n[0] == "ammonia_n")
      method = "GB/T 5750.5-2023 纳氏试剂分光光度法";
    v.push_back(ind(n[0], n[1], n[2], "mg/L", G::sensory, true, limit, method));
  }
  // 4 Radioactive (guidance values: above them, nuclide analysis decides).
  v.push_back(ind("gross_alpha", "总α放射性", "Gross alpha activity", "Bq/L", G::radioactive, true, max(0.5, "0.5（指导值）"),
                  kRadio));
  v.push_back(ind("gross_beta", "总β放射性", "Gross beta activity", "Bq/L", G::radioactive, true, max(1, "1（指导值）"),
                  kRadio));

  // Table 2, disinfectants (4 routine indicators).
  v.push_back(disinfectant("free_chlorine", "游离氯", "Free chlorine", 2, 0.3, 0.05, 30, "≤2（出厂水和末梢水）",
                           "GB/T 5750.11-2023 N,N-二乙基对苯二胺（DPD）分光光度法"));
  v.push_back(disinfectant("total_chlorine", "总氯", "Total chlorine", 3, 0.5, 0.05, 120, "≤3（出厂水和末梢水）",
                           "GB/T 5750.11-2023 DPD分光光度法"));
  v.push_back(disinfectant("ozone", "臭氧", "Ozone", 0.3, std::nullopt, 0.02, 12, "≤0.3（出厂水和末梢水）",
                           "GB/T 5750.11-2023 靛蓝分光光度法"));
  v.push_back(disinfectant("chlorine_dioxide", "二氧化氯", "Chlorine dioxide", 0.8, 0.1, 0.02, 30,
                           "≤0.8（出厂水和末梢水）", "GB/T 5750.11-2023 DPD分光光度法"));

  // Table 3, extended indicators (54).
  v.push_back(ind("giardia", "贾第鞭毛虫", "Giardia", "个/10L", G::microbiological, false, {K::max, 0, 0, "<1"},
                  "GB/T 5750.12-2023 免疫磁分离荧光抗体法"));
  v.push_back(ind("cryptosporidium", "隐孢子虫", "Cryptosporidium", "个/10L", G::microbiological, false,
                  {K::max, 0, 0, "<1"}, "GB/T 5750.12-2023 免疫磁分离荧光抗体法"));
  struct Row {
    std::string_view code, zh, en;
    double limit;
    std::string_view text, method;
  };
  const Row extended_tox[] = {
      {"antimony", "锑", "Antimony", 0.005, "0.005", kMetal},
      {"barium", "钡", "Barium", 0.7, "0.7", kMetal},
      {"beryllium", "铍", "Beryllium", 0.002, "0.002", kMetal},
      {"boron", "硼", "Boron", 1.0, "1.0", kInorganic},
      {"molybdenum", "钼", "Molybdenum", 0.07, "0.07", kMetal},
      {"nickel", "镍", "Nickel", 0.02, "0.02", kMetal},
      {"silver", "银", "Silver", 0.05, "0.05", kMetal},
      {"thallium", "铊", "Thallium", 0.0001, "0.0001", kMetal},
      {"selenium", "硒", "Selenium", 0.01, "0.01", kMetal},
      {"perchlorate", "高氯酸盐", "Perchlorate", 0.07, "0.07", kInorganic},
      {"dichloromethane", "二氯甲烷", "Dichloromethane", 0.02, "0.02", kOrganic},
      {"dichloroethane_12", "1,2-二氯乙烷", "1,2-Dichloroethane", 0.03, "0.03", kOrganic},
      {"carbon_tetrachloride", "四氯化碳", "Carbon tetrachloride", 0.002, "0.002", kOrganic},
      {"vinyl_chloride", "氯乙烯", "Vinyl chloride", 0.001, "0.001", kOrganic},
      {"dichloroethene_11", "1,1-二氯乙烯", "1,1-Dichloroethene", 0.03, "0.03", kOrganic},
      {"dichloroethene_12", "1,2-二氯乙烯（总量）", "1,2-Dichloroethene (total)", 0.05, "0.05", kOrganic},
      {"trichloroethene", "三氯乙烯", "Trichloroethene", 0.02, "0.02", kOrganic},
      {"tetrachloroethene", "四氯乙烯", "Tetrachloroethene", 0.04, "0.04", kOrganic},
      {"hexachlorobutadiene", "六氯丁二烯", "Hexachlorobutadiene", 0.0006, "0.0006", kOrganic},
      {"benzene", "苯", "Benzene", 0.01, "0.01", kOrganic},
      {"toluene", "甲苯", "Toluene", 0.7, "0.7", kOrganic},
      {"xylenes", "二甲苯（总量）", "Xylenes (total)", 0.5, "0.5", kOrganic},
      {"styrene", "苯乙烯", "Styrene", 0.02, "0.02", kOrganic},
      {"chlorobenzene", "氯苯", "Chlorobenzene", 0.3, "0.3", kOrganic},
      {"dichlorobenzene_14", "1,4-二氯苯", "1,4-Dichlorobenzene", 0.3, "0.3", kOrganic},
      {"trichlorobenzenes", "三氯苯（总量）", "Trichlorobenzenes (total)", 0.02, "0.02", kOrganic},
      {"hexachlorobenzene", "六氯苯", "Hexachlorobenzene", 0.001, "0.001", kPesticide},
      {"heptachlor", "七氯", "Heptachlor", 0.0004, "0.0004", kPesticide},
      {"malathion", "马拉硫磷", "Malathion", 0.25, "0.25", kPesticide},
      {"dimethoate", "乐果", "Dimethoate", 0.006, "0.006", kPesticide},
      {"bentazone", "灭草松", "Bentazone", 0.3, "0.3", kPesticide},
      {"chlorothalonil", "百菌清", "Chlorothalonil", 0.01, "0.01", kPesticide},
      {"carbofuran", "呋喃丹", "Carbofuran", 0.007, "0.007", kPesticide},
      {"chlorpyrifos", "毒死蜱", "Chlorpyrifos", 0.03, "0.03", kPesticide},
      {"glyphosate", "草甘膦", "Glyphosate", 0.7, "0.7", kPesticide},
      {"dichlorvos", "敌敌畏", "Dichlorvos", 0.001, "0.001", kPesticide},
      {"atrazine", "莠去津", "Atrazine", 0.002, "0.002", kPesticide},
      {"deltamethrin", "溴氰菊酯", "Deltamethrin", 0.02, "0.02", kPesticide},
      {"d_2_4", "2,4-滴", "2,4-D", 0.03, "0.03", kPesticide},
      {"acetochlor", "乙草胺", "Acetochlor", 0.02, "0.02", kPesticide},
      {"pentachlorophenol", "五氯酚", "Pentachlorophenol", 0.009, "0.009", kPesticide},
      {"trichlorophenol_246", "2,4,6-三氯酚", "2,4,6-Trichlorophenol", 0.2, "0.2", kByproduct},
      {"benzo_a_pyrene", "苯并(a)芘", "Benzo(a)pyrene", 0.00001, "0.00001", kOrganic},
      {"dehp", "邻苯二甲酸二(2-乙基己基)酯", "Di(2-ethylhexyl) phthalate", 0.008, "0.008", kOrganic},
      {"acrylamide", "丙烯酰胺", "Acrylamide", 0.0005, "0.0005", kOrganic},
      {"epichlorohydrin", "环氧氯丙烷", "Epichlorohydrin", 0.0004, "0.0004", kOrganic},
      {"microcystin_lr", "微囊藻毒素-LR（藻类暴发情况发生时）", "Microcystin-LR (during algal blooms)", 0.001, "0.001",
       kOrganic},
  };
  for (const auto& r : extended_tox)
    v.push_back(ind(r.code, r.zh, r.en, "mg/L", G::toxicological, false, max(r.limit, r.text), r.method));
  const Row extended_sensory[] = {
      {"sodium", "钠", "Sodium", 200, "200", kMetal},
      {"volatile_phenols", "挥发酚类（以苯酚计）", "Volatile phenols (as phenol)", 0.002, "0.002", kSensory},
      {"anionic_detergents", "阴离子合成洗涤剂", "Anionic synthetic detergents", 0.3, "0.3", kSensory},
      {"mib_2", "2-甲基异莰醇", "2-Methylisoborneol", 0.00001, "0.00001", kOrganic},
      {"geosmin", "土臭素", "Geosmin", 0.00001, "0.00001", kOrganic},
  };
  for (const auto& r : extended_sensory)
    v.push_back(ind(r.code, r.zh, r.en, "mg/L", G::sensory, false, max(r.limit, r.text), r.method));
  return v;
}

std::vector<Indicator> build_reference() {
  struct Row {
    std::string_view code, zh, en, unit;
    double limit;
    std::string_view text;
    Group group;
  };
  const Row rows[] = {
      {"enterococci", "肠球菌", "Enterococci", "CFU/100mL", 0, "不应检出", G::microbiological},
      {"c_perfringens", "产气荚膜梭状芽孢杆菌", "Clostridium perfringens", "CFU/100mL", 0, "不应检出",
       G::microbiological},
      {"vanadium", "钒", "Vanadium", "mg/L", 0.01, "0.01", G::toxicological},
      {"ethylmercury_chloride", "氯化乙基汞", "Ethylmercury chloride", "mg/L", 0.0001, "0.0001", G::toxicological},
      {"tetraethyl_lead", "四乙基铅", "Tetraethyl lead", "mg/L", 0.0001, "0.0001", G::toxicological},
      {"hch_total", "六六六（总量）", "HCH (total)", "mg/L", 0.005, "0.005", G::toxicological},
      {"parathion", "对硫磷", "Parathion", "mg/L", 0.003, "0.003", G::toxicological},
      {"methyl_parathion", "甲基对硫磷", "Methyl parathion", "mg/L", 0.009, "0.009", G::toxicological},
      {"lindane", "林丹", "Lindane", "mg/L", 0.002, "0.002", G::toxicological},
      {"ddt", "滴滴涕", "DDT", "mg/L", 0.001, "0.001", G::toxicological},
      {"trichlorfon", "敌百虫", "Trichlorfon", "mg/L", 0.05, "0.05", G::toxicological},
      {"thiophanate_methyl", "甲基硫菌灵", "Thiophanate-methyl", "mg/L", 0.3, "0.3", G::toxicological},
      {"isoprothiolane", "稻瘟灵", "Isoprothiolane", "mg/L", 0.3, "0.3", G::toxicological},
      {"trifluralin", "氟乐灵", "Trifluralin", "mg/L", 0.02, "0.02", G::toxicological},
      {"metalaxyl", "甲霜灵", "Metalaxyl", "mg/L", 0.05, "0.05", G::toxicological},
      {"simetryn", "西草净", "Simetryn", "mg/L", 0.03, "0.03", G::toxicological},
      {"acephate", "乙酰甲胺磷", "Acephate", "mg/L", 0.08, "0.08", G::toxicological},
      {"formaldehyde", "甲醛", "Formaldehyde", "mg/L", 0.9, "0.9", G::toxicological},
      {"chloral_hydrate", "三氯乙醛", "Chloral hydrate", "mg/L", 0.1, "0.1", G::toxicological},
      {"cyanogen_chloride", "氯化氰（以CN-计）", "Cyanogen chloride (as CN-)", "mg/L", 0.07, "0.07", G::toxicological},
      {"ndma", "亚硝基二甲胺", "N-Nitrosodimethylamine", "mg/L", 0.0001, "0.0001", G::toxicological},
      {"iodoacetic_acid", "碘乙酸", "Iodoacetic acid", "mg/L", 0.02, "0.02", G::toxicological},
      {"trichloroethane_111", "1,1,1-三氯乙烷", "1,1,1-Trichloroethane", "mg/L", 2, "2", G::toxicological},
      {"dibromoethane_12", "1,2-二溴乙烷", "1,2-Dibromoethane", "mg/L", 0.00005, "0.00005", G::toxicological},
      {"pentachloropropane", "五氯丙烷", "Pentachloropropane", "mg/L", 0.03, "0.03", G::toxicological},
      {"ethylbenzene", "乙苯", "Ethylbenzene", "mg/L", 0.3, "0.3", G::toxicological},
      {"dichlorobenzene_12", "1,2-二氯苯", "1,2-Dichlorobenzene", "mg/L", 1, "1", G::toxicological},
      {"nitrobenzene", "硝基苯", "Nitrobenzene", "mg/L", 0.017, "0.017", G::toxicological},
      {"bisphenol_a", "双酚A", "Bisphenol A", "mg/L", 0.01, "0.01", G::toxicological},
      {"acrylonitrile", "丙烯腈", "Acrylonitrile", "mg/L", 0.1, "0.1", G::toxicological},
      {"acrolein", "丙烯醛", "Acrolein", "mg/L", 0.1, "0.1", G::toxicological},
      {"glutaraldehyde", "戊二醛", "Glutaraldehyde", "mg/L", 0.07, "0.07", G::toxicological},
      {"deha", "二(2-乙基己基)己二酸酯", "Di(2-ethylhexyl) adipate", "mg/L", 0.4, "0.4", G::toxicological},
      {"diethyl_phthalate", "邻苯二甲酸二乙酯", "Diethyl phthalate", "mg/L", 0.3, "0.3", G::toxicological},
      {"dibutyl_phthalate", "邻苯二甲酸二丁酯", "Dibutyl phthalate", "mg/L", 0.003, "0.003", G::toxicological},
      {"pah_total", "多环芳烃（总量）", "Polycyclic aromatic hydrocarbons (total)", "mg/L", 0.002, "0.002",
       G::toxicological},
      {"pcb_total", "多氯联苯（总量）", "Polychlorinated biphenyls (total)", "mg/L", 0.0005, "0.0005", G::toxicological},
      {"tcdd", "二噁英（2,3,7,8-四氯二苯并对二噁英）", "Dioxin (2,3,7,8-TCDD)", "mg/L", 0.00000003, "0.00000003",
       G::toxicological},
      {"pfoa", "全氟辛酸", "Perfluorooctanoic acid", "mg/L", 0.00008, "0.00008", G::toxicological},
      {"pfos", "全氟辛烷磺酸", "Perfluorooctane sulfonate", "mg/L", 0.00004, "0.00004", G::toxicological},
      {"acrylic_acid", "丙烯酸", "Acrylic acid", "mg/L", 0.5, "0.5", G::toxicological},
      {"naphthenic_acids", "环烷酸", "Naphthenic acids", "mg/L", 1.0, "1.0", G::toxicological},
      {"butyl_xanthate", "丁基黄原酸", "Butyl xanthate", "mg/L", 0.001, "0.001", G::toxicological},
      {"beta_naphthol", "β-萘酚", "beta-Naphthol", "mg/L", 0.4, "0.4", G::toxicological},
      {"dimethyl_disulfide", "二甲基二硫醚", "Dimethyl disulfide", "mg/L", 0.00003, "0.00003", G::sensory},
      {"dimethyl_trisulfide", "二甲基三硫醚", "Dimethyl trisulfide", "mg/L", 0.00003, "0.00003", G::sensory},
      {"anisole", "苯甲醚", "Anisole", "mg/L", 0.05, "0.05", G::sensory},
      {"petroleum_total", "石油类（总量）", "Petroleum (total)", "mg/L", 0.05, "0.05", G::sensory},
      {"toc", "总有机碳", "Total organic carbon", "mg/L", 5, "5", G::sensory},
      {"iodide", "碘化物", "Iodide", "mg/L", 0.1, "0.1", G::sensory},
      {"sulfide", "硫化物", "Sulfide", "mg/L", 0.02, "0.02", G::sensory},
      {"nitrite_n", "亚硝酸盐（以N计）", "Nitrite (as N)", "mg/L", 1, "1", G::sensory},
      {"asbestos", "石棉（纤维＞10μm）", "Asbestos (fibres > 10 μm)", "万个/L", 700, "700", G::toxicological},
      {"uranium", "铀", "Uranium", "mg/L", 0.03, "0.03", G::radioactive},
      {"radium_226", "镭-226", "Radium-226", "Bq/L", 1, "1", G::radioactive},
  };
  std::vector<Indicator> v;
  for (const auto& r : rows) {
    Limit limit = r.limit == 0 ? none(r.text) : max(r.limit, r.text);
    Indicator i = ind(r.code, r.zh, r.en, r.unit, r.group, false, limit, "GB 5749-2022 附录A");
    i.reference = true;
    v.push_back(i);
  }
  return v;
}

const std::vector<Indicator>& standard() {
  static const std::vector<Indicator> all = build_standard();
  return all;
}

const std::vector<Indicator>& reference() {
  static const std::vector<Indicator> all = build_reference();
  return all;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
         });
}

}  // namespace

std::string_view to_string(Group g) {
  switch (g) {
    case Group::microbiological: return "microbiological";
    case Group::toxicological: return "toxicological";
    case Group::sensory: return "sensory";
    case Group::radioactive: return "radioactive";
    case Group::disinfectant: return "disinfectant";
  }
  return "";
}

std::string_view to_string(LimitKind k) {
  switch (k) {
    case LimitKind::max: return "max";
    case LimitKind::min: return "min";
    case LimitKind::range: return "range";
    case LimitKind::not_detected: return "not_detected";
    case LimitKind::no_abnormal: return "no_abnormal";
  }
  return "";
}

std::span<const Indicator> indicators() { return standard(); }
std::span<const Indicator> reference_indicators() { return reference(); }

const Indicator* find_indicator(std::string_view code) {
  for (const auto& i : standard())
    if (i.code == code) return &i;
  for (const auto& i : reference())
    if (i.code == code) return &i;
  return nullptr;
}

bool unit_matches(const Indicator& ind, std::string_view unit) {
  if (unit.empty() || unit == ind.unit || same_ignoring_case(unit, ind.unit)) return true;
  if (ind.unit == "mg/L") return unit == "毫克/升";
  if (ind.unit == "MPN/100mL" || ind.unit == "CFU/100mL")
    return same_ignoring_case(unit, "MPN/100mL") || same_ignoring_case(unit, "CFU/100mL");
  if (ind.unit == "CFU/mL") return same_ignoring_case(unit, "MPN/mL") || unit == "个/mL";
  if (ind.unit == "度") return unit == "铂钴色度单位" || same_ignoring_case(unit, "PCU");
  if (ind.code == "ph") return unit == "无量纲" || same_ignoring_case(unit, "pH");
  return false;
}

std::vector<std::string_view> raw_daily_items() {
  return {"turbidity", "colour", "odour_taste", "visible_matter", "codmn", "ammonia_n", "hpc", "total_coliforms",
          "e_coli"};
}
std::vector<std::string_view> outlet_daily_items() {
  return {"turbidity", "colour", "odour_taste", "visible_matter", "free_chlorine", "hpc", "total_coliforms",
          "e_coli", "codmn"};
}
std::vector<std::string_view> network_items() {
  return {"turbidity", "colour", "odour_taste", "free_chlorine", "hpc", "total_coliforms", "codmn"};
}
std::vector<std::string_view> shift_items() { return {"turbidity", "free_chlorine", "ph"}; }

std::vector<std::string_view> routine_items() {
  std::vector<std::string_view> out;
  for (const auto& i : standard())
    if (i.routine) out.push_back(i.code);
  return out;
}

std::vector<std::string_view> all_items() {
  std::vector<std::string_view> out;
  for (const auto& i : standard()) out.push_back(i.code);
  return out;
}

}  // namespace lifeline::app::quality

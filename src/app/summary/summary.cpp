#include "app/summary/summary.h"

#include <algorithm>

#include "app/org/repo.h"
#include "core/local_time.h"

namespace lifeline::app::summary {

namespace {

size_t rank(std::string_view key) {
  auto it = std::find(std::begin(kSectionOrder), std::end(kSectionOrder), key);
  return static_cast<size_t>(it - std::begin(kSectionOrder));
}

}  // namespace

const Figure* Section::figure(std::string_view k) const {
  for (const auto& f : figures)
    if (f.key == k) return &f;
  return nullptr;
}

void Registry::add(Source& source) {
  auto at = std::upper_bound(sources_.begin(), sources_.end(), &source,
                             [](const Source* a, const Source* b) { return rank(a->key()) < rank(b->key()); });
  sources_.insert(at, &source);
}

std::vector<std::string> Registry::keys() const {
  std::vector<std::string> out;
  for (const auto* s : sources_) out.emplace_back(s->key());
  return out;
}

Result<Scope> Registry::scope(const Actor& actor, int64_t org_id) const {
  return db_.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<Scope> {
    LL_TRY(auto org, org::repo::find(tx, org_id));
    if (!org || !actor.sees(org->path)) return Error::not_found("no org unit " + std::to_string(org_id));
    return Scope{org->id, org->path, org->name, org->kind};
  });
}

Result<std::vector<Section>> Registry::compile(const Actor& actor, const Scope& scope, const Period& period,
                                               const std::vector<std::string>& only) const {
  std::vector<Section> out;
  for (auto* source : sources_) {
    if (!only.empty() && std::find(only.begin(), only.end(), source->key()) == only.end()) continue;
    LL_TRY(auto section, source->summarise(actor, scope, period));
    if (section) out.push_back(std::move(*section));
  }
  return out;
}

std::string unit_label(std::string_view unit, bool chinese) {
  struct Name {
    std::string_view code, zh, en;
  };
  static constexpr Name kNames[] = {{"", "", ""},           {"%", "%", "%"},       {"people", "人", "people"},
                                    {"t", "吨", "t"},        {"kg", "千克", "kg"},   {"mg/L", "mg/L", "mg/L"},
                                    {"m", "米", "m"},        {"min", "分钟", "min"}, {"h", "小时", "h"},
                                    {"L/s", "L/s", "L/s"},   {"calls", "个", "calls"}, {"items", "件", "items"},
                                    {"days", "天", "days"}};
  for (const auto& n : kNames)
    if (n.code == unit) return std::string(chinese ? n.zh : n.en);
  return std::string(unit);
}

Result<Period> parse_period(const std::optional<std::string>& date, const std::optional<std::string>& from,
                            const std::optional<std::string>& to) {
  if (date) {
    if (from || to) return Error::invalid("date", "give either date, or from and to");
    LL_TRY(auto d, parse_date(*date, "date"));
    return Period{d, d};
  }
  if (!from || !to) return Error::invalid(from ? "to" : "from", "give date, or both from and to");
  LL_TRY(auto f, parse_date(*from, "from"));
  LL_TRY(auto t, parse_date(*to, "to"));
  if (t < f) return Error::invalid("to", "must not be before from");
  if (days_between(f, t) > 366) return Error::invalid("to", "a period is at most 366 days");
  return Period{f, t};
}

}  // namespace lifeline::app::summary

#include "app/health/checkin_counts.h"

#include <tuple>

#include "store/like.h"

namespace lifeline::app::health {

using store::Tx;

namespace {

using Deltas = std::array<int64_t, kCheckinCountSize>;

Deltas flags(const CountedCheckin& c) {
  return {1,
          c.late,
          c.abnormal,
          c.fever,
          c.symptoms,
          c.contact != "none",
          c.location == "away",
          c.location == "not_returned",
          c.risk_travel,
          c.work_status == "on_duty",
          c.work_status == "isolated"};
}

std::string columns() {
  std::string out;
  for (const char* k : kCheckinCountKeys) out += std::string(", ") + k;
  return out;
}

// One upsert of signed deltas into (day, org_path, shard).
Status add(Tx& tx, const std::string& day, const std::string& path, int64_t shard, const Deltas& d) {
  static const std::string sql = [] {
    std::string s = "INSERT INTO checkin_counts (day, org_path, shard" + columns() + ") VALUES (?, ?, ?";
    for (size_t i = 0; i < kCheckinCountSize; ++i) s += ", ?";
    s += ") ON CONFLICT (day, org_path, shard) DO UPDATE SET ";
    for (size_t i = 0; i < kCheckinCountSize; ++i) {
      const std::string k = kCheckinCountKeys[i];
      s += (i ? ", " : "") + k + " = checkin_counts." + k + " + excluded." + k;
    }
    return s;
  }();
  store::Params params{day, path, shard};
  for (int64_t v : d) params.emplace_back(v);
  return tx.execute(sql, params);
}

}  // namespace

Status count_checkin(Tx& tx, const CountedCheckin* before, const CountedCheckin& after) {
  const int64_t shard = after.staff_id % kCountShards;
  Deltas plus = flags(after);
  if (!before) return add(tx, after.day, after.org_path, shard, plus);
  Deltas minus = flags(*before);
  if (before->org_path == after.org_path && before->day == after.day) {
    Deltas net{};
    bool any = false;
    for (size_t i = 0; i < net.size(); ++i) {
      net[i] = plus[i] - minus[i];
      any = any || net[i] != 0;
    }
    return any ? add(tx, after.day, after.org_path, shard, net) : Status{};
  }
  for (auto& v : minus) v = -v;
  // Two rows: always in key order, so two transactions never wait on each other crosswise.
  const bool before_first = std::tie(before->day, before->org_path) < std::tie(after.day, after.org_path);
  if (before_first) {
    LL_CHECK(add(tx, before->day, before->org_path, before->staff_id % kCountShards, minus));
    return add(tx, after.day, after.org_path, shard, plus);
  }
  LL_CHECK(add(tx, after.day, after.org_path, shard, plus));
  return add(tx, before->day, before->org_path, before->staff_id % kCountShards, minus);
}

Status recount_checkins(Tx& tx, const std::string& path_prefix, const std::string& from, const std::string& to) {
  const std::string like = store::like_prefix(path_prefix);
  LL_CHECK(tx.execute("DELETE FROM checkin_counts WHERE day >= ? AND day <= ? AND org_path LIKE ? ESCAPE '\\'",
                      {from, to, like}));
  return tx.execute("INSERT INTO checkin_counts (day, org_path, shard" + columns() +
                        ") SELECT day, org_path, staff_id % 8, COUNT(*), SUM(late), SUM(abnormal), SUM(fever),"
                        " SUM(has_symptoms), SUM(CASE WHEN contact <> 'none' THEN 1 ELSE 0 END),"
                        " SUM(CASE WHEN location = 'away' THEN 1 ELSE 0 END),"
                        " SUM(CASE WHEN location = 'not_returned' THEN 1 ELSE 0 END), SUM(risk_travel),"
                        " SUM(CASE WHEN work_status = 'on_duty' THEN 1 ELSE 0 END),"
                        " SUM(CASE WHEN work_status = 'isolated' THEN 1 ELSE 0 END)"
                        " FROM checkins WHERE day >= ? AND day <= ? AND org_path LIKE ? ESCAPE '\\'"
                        " GROUP BY day, org_path, staff_id % 8",
                    {from, to, like});
}

std::string sum_of_counts() {
  std::string out;
  for (const char* k : kCheckinCountKeys) out += std::string(out.empty() ? "" : ", ") + "SUM(" + k + ")";
  return out;
}

}  // namespace lifeline::app::health

#include "app/health/settings.h"

#include "core/local_time.h"

namespace lifeline::app::health {

Result<Settings> settings_for(store::Tx& tx, int64_t utility_id) {
  LL_TRY(auto row, tx.query_one("SELECT window_start, deadline, fever_celsius, symptoms, retention_days FROM health_settings WHERE utility_id = ?",
                                {utility_id}));
  Settings s;
  if (!row) return s;
  s.window_start = static_cast<int>(row->integer(0));
  s.deadline = static_cast<int>(row->integer(1));
  s.fever_celsius = row->real(2);
  auto symptoms = nlohmann::json::parse(row->text(3), nullptr, false);
  if (symptoms.is_array()) {
    s.symptoms.clear();
    for (const auto& v : symptoms)
      if (v.is_string()) s.symptoms.push_back(v.get<std::string>());
  }
  s.retention_days = static_cast<int>(row->integer(4));
  return s;
}

Status save_settings(store::Tx& tx, int64_t utility_id, const Settings& s, int64_t now_ms) {
  LL_TRY(int64_t changed, tx.exec("UPDATE health_settings SET window_start = ?, deadline = ?, fever_celsius = ?,"
                                  " symptoms = ?, retention_days = ?, updated_at = ?"
                                  " WHERE utility_id = ?",
                                  {s.window_start, s.deadline, s.fever_celsius, nlohmann::json(s.symptoms).dump(),
                                   s.retention_days, now_ms, utility_id}));
  if (changed > 0) return {};
  return tx.execute("INSERT INTO health_settings (utility_id, window_start, deadline, fever_celsius, symptoms,"
                    " retention_days, updated_at) VALUES (?,?,?,?,?,?,?)",
                    {utility_id, s.window_start, s.deadline, s.fever_celsius, nlohmann::json(s.symptoms).dump(),
                     s.retention_days, now_ms});
}

Status lock_settings(store::Tx& tx, int64_t utility_id, int64_t now_ms) {
  const Settings d;
  LL_CHECK(tx.execute("INSERT INTO health_settings (utility_id, window_start, deadline, fever_celsius, symptoms,"
                      " retention_days, updated_at) VALUES (?,?,?,?,?,?,?)"
                      " ON CONFLICT (utility_id) DO NOTHING",
                      {utility_id, d.window_start, d.deadline, d.fever_celsius, nlohmann::json(d.symptoms).dump(),
                       d.retention_days, now_ms}));
  return tx.execute("SELECT utility_id FROM health_settings WHERE utility_id = ? FOR UPDATE", {utility_id});
}

nlohmann::json to_json(const Settings& s) {
  return {{"window_start", format_clock_time(s.window_start)},
          {"deadline", format_clock_time(s.deadline)},
          {"fever_celsius", s.fever_celsius},
          {"symptoms", s.symptoms},
          {"retention_days", s.retention_days}};
}

}  // namespace lifeline::app::health

// Per-utility check-in rules: the window and deadline, the fever threshold,
// the symptoms the form offers and how long personal data is kept after the
// emergency ends. (Reminders go to the unit's group robots: app/notify.) A utility without its own row uses
// the defaults below (those of the seed's utilities: 07:00–10:00, 37.3 °C).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health {

struct Settings {
  int window_start = 7 * 60;  // minutes after local midnight
  int deadline = 10 * 60;
  double fever_celsius = 37.3;
  std::vector<std::string> symptoms = {"发热", "干咳", "乏力", "咽痛", "腹泻", "呼吸困难", "嗅觉或味觉减退"};
  int retention_days = 30;
};

Result<Settings> settings_for(store::Tx& tx, int64_t utility_id);
Status save_settings(store::Tx& tx, int64_t utility_id, const Settings& s, int64_t now_ms);
// Makes sure the utility's row exists (the defaults) and locks it, so a
// read-change-save of the settings is not lost to a concurrent one.
Status lock_settings(store::Tx& tx, int64_t utility_id, int64_t now_ms);
nlohmann::json to_json(const Settings& s);

}  // namespace lifeline::app::health

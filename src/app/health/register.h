// The staff register: people, HR import (CSV / XLSX) with a dry-run preview.
//
// Reading people needs health.records (lists show masked phone and ID
// numbers); changing the register needs health.manage over the units
// concerned. Everyone outside the actor's subtree answers not_found.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/health/model.h"
#include "app/runtime.h"
#include "core/result.h"

namespace lifeline::app::health {

struct StaffQuery {
  std::optional<int64_t> org;  // default: the actor's unit
  std::string q;               // part of the name or employee number
  int limit = 50;              // 1 … 500
  int offset = 0;
};

struct StaffPage {
  std::vector<Staff> items;
  int64_t total = 0;
};

// POST (create) and PATCH (change): absent fields stay as they are; for the
// nullable ones an inner nullopt clears the value.
struct StaffInput {
  std::optional<std::string> employee_no, name, joined_on;
  std::optional<int64_t> org_id;
  std::optional<std::optional<std::string>> position, phone, id_number, home_district, username, left_on;
  std::optional<bool> key_post, active;
  std::optional<int64_t> version;  // PATCH: the version read; a mismatch is a conflict
};

struct ImportOptions {
  std::optional<int64_t> org;  // the import scope; default the actor's unit
  bool dry_run = true;
  std::string file_name = "staff.csv";
};

struct ImportRowError {
  int line = 0;
  std::string column;  // the header as written in the file ("" for the whole row)
  std::string message;
};

struct ImportPreviewRow {
  int line = 0;
  std::string action;  // create, update, unchanged
  std::string employee_no, name, unit;
  std::vector<std::string> changes;  // field names that change
};

struct ImportReport {
  bool dry_run = true;
  bool committed = false;  // written (dry_run false and no errors)
  std::string file;
  int64_t rows = 0, created = 0, updated = 0, unchanged = 0;
  std::vector<ImportRowError> errors;
  std::vector<ImportPreviewRow> preview;  // the first kPreviewRows rows
};

inline constexpr size_t kPreviewRows = 500;
inline constexpr size_t kMaxImportErrors = 1000;

class Register {
 public:
  explicit Register(Runtime& rt) : rt_(rt) {}

  Result<StaffPage> list(const Actor& actor, const StaffQuery& query);
  Result<Staff> get(const Actor& actor, int64_t id);
  Result<Staff> create(const Actor& actor, const StaffInput& input);
  Result<Staff> update(const Actor& actor, int64_t id, const StaffInput& input);

  // Reads the file (CSV or XLSX), matches rows by (utility, employee number)
  // and reports what would change. With dry_run false and no row errors it
  // writes every row in one transaction with one audit entry; with errors it
  // writes nothing and the report lists them (committed stays false).
  Result<ImportReport> import(const Actor& actor, std::string_view bytes, const ImportOptions& options);

  // The import template: the header row and two example rows.
  static Result<std::string> template_xlsx();

 private:
  Runtime& rt_;
};

nlohmann::json to_json(const ImportReport& report);

}  // namespace lifeline::app::health

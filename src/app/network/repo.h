// SQL for networks, their versions, valve layers and customers; no rules here.
#pragma once

#include "app/network/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::network::repo {

// Networks with their current version, in orgs under `path` or above it, by name.
Result<std::vector<Network>> list(store::Tx& tx, const std::string& path);
Result<std::optional<Network>> find(store::Tx& tx, int64_t id);
Result<std::optional<int64_t>> find_by_name(store::Tx& tx, int64_t org_id, const std::string& name);
Result<Sources> sources(store::Tx& tx, const Network& n);

Result<int64_t> insert(store::Tx& tx, int64_t org_id, const std::string& name, Instant now);
struct NewVersion {
  int64_t network_id = 0;
  int64_t version = 0;
  std::string file_name, inp;
  Counts counts;
  std::string flow_units;
  std::optional<int64_t> uploaded_by;
  std::string uploaded_by_name;
  Instant uploaded_at;
};
// Inserts the version and makes it current; returns its id.
Result<int64_t> insert_version(store::Tx& tx, const NewVersion& v);

// Replaces the layer of a version and bumps the network's valves revision.
Status put_valves(store::Tx& tx, int64_t network_id, int64_t version_id, const std::string& csv,
                  const ValveLayerInfo& info, Instant now);
Status put_customers(store::Tx& tx, int64_t network_id, const std::string& csv, int64_t count);

}  // namespace lifeline::app::network::repo

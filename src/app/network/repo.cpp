#include "app/network/repo.h"

#include "store/like.h"

namespace lifeline::app::network::repo {

namespace {
constexpr const char* kColumns =
    "SELECT n.id, n.org_id, o.path, n.name, n.current_version, v.id, v.file_name, v.uploaded_at,"
    " v.uploaded_by_name, v.junctions, v.reservoirs, v.tanks, v.pipes, v.pumps, v.valves, v.length_m,"
    " v.flow_units, l.valve_count, l.inoperable, l.source, l.strategy, l.seed, n.customers_count,"
    " n.valves_revision, n.customers_revision"
    " FROM networks n JOIN orgs o ON o.id = n.org_id"
    " JOIN network_versions v ON v.network_id = n.id AND v.version = n.current_version"
    " LEFT JOIN network_valve_layers l ON l.network_version_id = v.id ";

Network from(const store::Row& r) {
  Network n;
  n.id = r.integer(0);
  n.org_id = r.integer(1);
  n.org_path = r.text(2);
  n.name = r.text(3);
  n.version = r.integer(4);
  n.version_id = r.integer(5);
  n.file_name = r.text(6);
  n.uploaded_at = from_millis(r.integer(7));
  n.uploaded_by_name = r.text(8);
  n.counts = {r.integer(9), r.integer(10), r.integer(11), r.integer(12), r.integer(13), r.integer(14), r.real(15)};
  n.flow_units = r.text(16);
  if (!r.is_null(17)) n.valve_layer = ValveLayerInfo{r.integer(17), r.integer(18), r.text(19), r.opt_text(20),
                                                     r.opt_integer(21)};
  n.customers = r.integer(22);
  n.valves_revision = r.integer(23);
  n.customers_revision = r.integer(24);
  return n;
}

Status done(const Result<int64_t>& r) {
  if (!r) return r.error();
  return {};
}
}  // namespace

Result<std::vector<Network>> list(store::Tx& tx, const std::string& path) {
  LL_TRY(auto rows, tx.query(std::string(kColumns) +
                                 "WHERE o.path LIKE ? ESCAPE '\\' OR ? LIKE (o.path || '%') ORDER BY n.name, n.id",
                             {store::like_prefix(path), path}));
  std::vector<Network> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from(r));
  return out;
}

Result<std::optional<Network>> find(store::Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one(std::string(kColumns) + "WHERE n.id = ?", {id}));
  if (!row) return std::optional<Network>();
  return std::optional<Network>(from(*row));
}

Result<std::optional<int64_t>> find_by_name(store::Tx& tx, int64_t org_id, const std::string& name) {
  LL_TRY(auto row, tx.query_one("SELECT id FROM networks WHERE org_id = ? AND name = ?", {org_id, name}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->integer(0));
}

Result<Sources> sources(store::Tx& tx, const Network& n) {
  LL_TRY(auto row, tx.query_one("SELECT v.inp, v.file_name, l.csv, n.customers_csv FROM network_versions v"
                                " JOIN networks n ON n.id = v.network_id"
                                " LEFT JOIN network_valve_layers l ON l.network_version_id = v.id WHERE v.id = ?",
                                {n.version_id}));
  if (!row) return Error::not_found("no such network version");
  return Sources{row->text(0), row->text(1), row->opt_text(2), row->text(3)};
}

Result<int64_t> insert(store::Tx& tx, int64_t org_id, const std::string& name, Instant now) {
  return tx.insert("INSERT INTO networks (org_id, name, created_at) VALUES (?,?,?) RETURNING id",
                   {org_id, name, to_millis(now)});
}

Result<int64_t> insert_version(store::Tx& tx, const NewVersion& v) {
  const auto& c = v.counts;
  LL_TRY(int64_t id,
         tx.insert("INSERT INTO network_versions (network_id, version, file_name, inp, junctions, reservoirs, tanks,"
                   " pipes, pumps, valves, length_m, flow_units, uploaded_at, uploaded_by, uploaded_by_name)"
                   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                   {v.network_id, v.version, v.file_name, v.inp, c.junctions, c.reservoirs, c.tanks, c.pipes, c.pumps,
                    c.valves, c.length_m, v.flow_units, to_millis(v.uploaded_at), v.uploaded_by, v.uploaded_by_name}));
  LL_CHECK(done(tx.exec("UPDATE networks SET current_version = ? WHERE id = ?", {v.version, v.network_id})));
  return id;
}

Status put_valves(store::Tx& tx, int64_t network_id, int64_t version_id, const std::string& csv,
                  const ValveLayerInfo& info, Instant now) {
  LL_CHECK(done(tx.exec("DELETE FROM network_valve_layers WHERE network_version_id = ?", {version_id})));
  LL_CHECK(done(tx.exec("INSERT INTO network_valve_layers (network_version_id, csv, source, strategy, seed,"
                        " valve_count, inoperable, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                        {version_id, csv, info.source, info.strategy, info.seed, info.count, info.inoperable,
                         to_millis(now)})));
  return done(tx.exec("UPDATE networks SET valves_revision = valves_revision + 1 WHERE id = ?", {network_id}));
}

Status put_customers(store::Tx& tx, int64_t network_id, const std::string& csv, int64_t count) {
  return done(tx.exec("UPDATE networks SET customers_csv = ?, customers_count = ?,"
                      " customers_revision = customers_revision + 1 WHERE id = ?",
                      {csv, count, network_id}));
}

}  // namespace lifeline::app::network::repo

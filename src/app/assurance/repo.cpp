#include "app/assurance/repo.h"

namespace lifeline::app::assurance::repo {

using store::Tx;

namespace {

constexpr const char* kColumns =
    "SELECT c.id, c.org_id, c.org_path, o.name, c.name, c.category, c.tier, c.address, c.contact_name,"
    " c.contact_phone, c.network_id, c.nodes, c.min_pressure_m, c.demand_m3h, c.notes, c.active, c.created_at,"
    " c.updated_at, c.version, cp.patrols_per_day, cp.pressure_check, cp.contact_on_call, cp.measures,"
    " cp.updated_at, lp.done_at, lp.ok, lp.pressure_m"
    " FROM priority_customers c JOIN orgs o ON o.id = c.org_id"
    " LEFT JOIN care_plans cp ON cp.customer_id = c.id"
    " LEFT JOIN patrols lp ON lp.id = (SELECT p.id FROM patrols p WHERE p.customer_id = c.id"
    " ORDER BY p.done_at DESC, p.id DESC LIMIT 1) ";

std::optional<double> opt_real(const store::Row& r, size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional<double>(r.real(i));
}

std::vector<std::string> parse_nodes(const std::string& text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& n : j)
      if (n.is_string()) out.push_back(n.get<std::string>());
  return out;
}

Customer from(const store::Row& r) {
  Customer c;
  c.id = r.integer(0);
  c.org_id = r.integer(1);
  c.org_path = r.text(2);
  c.org_name = r.text(3);
  c.name = r.text(4);
  c.category = r.text(5);
  c.tier = r.integer(6);
  c.address = r.text(7);
  c.contact_name = r.opt_text(8);
  c.contact_phone = r.opt_text(9);
  c.network_id = r.opt_integer(10);
  c.nodes = parse_nodes(r.text(11));
  c.min_pressure_m = opt_real(r, 12);
  c.demand_m3h = opt_real(r, 13);
  c.notes = r.text(14);
  c.active = r.boolean(15);
  c.created_at = from_millis(r.integer(16));
  c.updated_at = from_millis(r.integer(17));
  c.version = r.integer(18);
  if (!r.is_null(19))
    c.care_plan = CarePlan{r.integer(19), r.boolean(20), r.opt_text(21), r.text(22), from_millis(r.integer(23))};
  if (!r.is_null(24)) c.last_patrol = LastPatrol{from_millis(r.integer(24)), r.boolean(25), opt_real(r, 26)};
  return c;
}

Patrol patrol_from(const store::Row& r) {
  Patrol p;
  p.id = r.integer(0);
  p.customer_id = r.integer(1);
  p.org_path = r.text(2);
  p.done_at = from_millis(r.integer(3));
  p.done_by_name = r.text(4);
  p.ok = r.boolean(5);
  p.pressure_m = opt_real(r, 6);
  p.findings = r.text(7);
  p.created_at = from_millis(r.integer(8));
  return p;
}

constexpr const char* kPatrolColumns =
    "SELECT id, customer_id, org_path, done_at, done_by_name, ok, pressure_m, findings, created_at FROM patrols ";

std::string nodes_text(const Customer& c) { return nlohmann::json(c.nodes).dump(); }

}  // namespace

Result<std::vector<Customer>> select(Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto rows, tx.query(std::string(kColumns) + where, params));
  std::vector<Customer> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from(r));
  return out;
}

Result<std::optional<Customer>> find(Tx& tx, int64_t id) {
  LL_TRY(auto rows, select(tx, "WHERE c.id = ?", {id}));
  if (rows.empty()) return std::optional<Customer>();
  return std::optional<Customer>(std::move(rows.front()));
}

Result<std::optional<int64_t>> find_by_name(Tx& tx, int64_t org_id, const std::string& name, int64_t except) {
  LL_TRY(auto row, tx.query_one("SELECT id FROM priority_customers WHERE org_id = ? AND name = ? AND active = 1"
                                " AND id <> ?",
                                {org_id, name, except}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->integer(0));
}

Result<int64_t> insert(Tx& tx, const Customer& c, Instant now) {
  return tx.insert(
      "INSERT INTO priority_customers (org_id, org_path, name, category, tier, address, contact_name, contact_phone,"
      " network_id, nodes, min_pressure_m, demand_m3h, notes, active, created_at, updated_at, version)"
      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,1) RETURNING id",
      {c.org_id, c.org_path, c.name, c.category, c.tier, c.address, c.contact_name, c.contact_phone, c.network_id,
       nodes_text(c), c.min_pressure_m, c.demand_m3h, c.notes, to_millis(now), to_millis(now)});
}

Result<bool> update(Tx& tx, const Customer& c, int64_t expected_version, Instant now) {
  LL_TRY(int64_t changed,
         tx.exec("UPDATE priority_customers SET org_id = ?, org_path = ?, name = ?, category = ?, tier = ?,"
                 " address = ?, contact_name = ?, contact_phone = ?, network_id = ?, nodes = ?, min_pressure_m = ?,"
                 " demand_m3h = ?, notes = ?, active = ?, updated_at = ?, version = version + 1"
                 " WHERE id = ? AND version = ?",
                 {c.org_id, c.org_path, c.name, c.category, c.tier, c.address, c.contact_name, c.contact_phone,
                  c.network_id, nodes_text(c), c.min_pressure_m, c.demand_m3h, c.notes, c.active, to_millis(now),
                  c.id, expected_version}));
  return changed == 1;
}

Status set_nodes(Tx& tx, const Customer& c) {
  LL_CHECK(tx.execute("DELETE FROM priority_customer_nodes WHERE customer_id = ?", {c.id}));
  if (!c.network_id) return {};
  for (const auto& node : c.nodes)
    LL_CHECK(tx.execute("INSERT INTO priority_customer_nodes (customer_id, network_id, node) VALUES (?,?,?)"
                        " ON CONFLICT DO NOTHING",
                        {c.id, *c.network_id, node}));
  return {};
}

Result<std::vector<LayerEntry>> layer(Tx& tx, int64_t network_id) {
  LL_TRY(auto rows, tx.query("SELECT n.node, c.name, c.category FROM priority_customer_nodes n"
                             " JOIN priority_customers c ON c.id = n.customer_id"
                             " WHERE n.network_id = ? AND c.active = 1 AND c.network_id = n.network_id"
                             " ORDER BY c.tier, c.name, c.id, n.node",
                             {network_id}));
  std::vector<LayerEntry> out;
  for (const auto& r : rows) out.push_back({r.text(0), r.text(1), r.text(2)});
  return out;
}

Status put_care_plan(Tx& tx, int64_t customer_id, const CarePlan& p, std::optional<int64_t> by) {
  LL_CHECK(tx.execute("DELETE FROM care_plans WHERE customer_id = ?", {customer_id}));
  return tx.execute("INSERT INTO care_plans (customer_id, patrols_per_day, pressure_check, contact_on_call,"
                    " measures, updated_at, updated_by) VALUES (?,?,?,?,?,?,?)",
                    {customer_id, p.patrols_per_day, p.pressure_check, p.contact_on_call, p.measures,
                     to_millis(p.updated_at), by});
}

Result<int64_t> insert_patrol(Tx& tx, const Patrol& p, std::optional<int64_t> by) {
  return tx.insert("INSERT INTO patrols (customer_id, org_path, done_at, done_by, done_by_name, ok, pressure_m,"
                   " findings, created_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
                   {p.customer_id, p.org_path, to_millis(p.done_at), by, p.done_by_name, p.ok, p.pressure_m,
                    p.findings, to_millis(p.created_at)});
}

Result<std::optional<Patrol>> find_patrol(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one(std::string(kPatrolColumns) + "WHERE id = ?", {id}));
  if (!row) return std::optional<Patrol>();
  return std::optional<Patrol>(patrol_from(*row));
}

Result<std::vector<Patrol>> patrols(Tx& tx, int64_t customer_id, int64_t limit) {
  LL_TRY(auto rows, tx.query(std::string(kPatrolColumns) +
                                 "WHERE customer_id = ? ORDER BY done_at DESC, id DESC LIMIT ?",
                             {customer_id, limit}));
  std::vector<Patrol> out;
  for (const auto& r : rows) out.push_back(patrol_from(r));
  return out;
}

Result<std::map<int64_t, std::vector<OpenIncident>>> open_incidents(Tx& tx, const std::vector<int64_t>& customers) {
  std::map<int64_t, std::vector<OpenIncident>> out;
  // A few hundred customers at most; open incidents are few, so one query per 500 ids.
  for (size_t at = 0; at < customers.size(); at += 500) {
    std::string in;
    store::Params params;
    for (size_t i = at; i < customers.size() && i < at + 500; ++i) {
      in += in.empty() ? "?" : ",?";
      params.emplace_back(customers[i]);
    }
    LL_TRY(auto rows, tx.query("SELECT ic.customer_id, i.id, i.code, i.type, w.state, ic.impact"
                               " FROM incident_customers ic JOIN incidents i ON i.id = ic.incident_id"
                               " LEFT JOIN work_orders w ON w.incident_id = i.id"
                               " WHERE i.closed_at IS NULL AND ic.customer_id IN (" + in + ")"
                               " ORDER BY i.reported_at, i.id",
                               params));
    for (const auto& r : rows)
      out[r.integer(0)].push_back({r.integer(1), r.text(2), r.text(3), r.opt_text(4).value_or(""), r.text(5)});
  }
  return out;
}

}  // namespace lifeline::app::assurance::repo

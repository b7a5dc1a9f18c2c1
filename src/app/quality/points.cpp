#include "app/quality/points.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <unordered_map>

#include "app/audit/audit.h"
#include "app/quality/access.h"
#include "core/time.h"
#include "net/node_links.h"
#include "store/like.h"

namespace lifeline::app::quality {

using store::Tx;
using store::TxMode;

namespace {

const char* const kSelect =
    "SELECT p.id, p.utility_id, u.path, p.org_id, p.org_path, o.name, p.code, p.name, p.type, p.plant_id,"
    " COALESCE(pl.name, ''), p.network_id, p.node, p.customer_id, COALESCE(c.name, ''), p.address, p.x, p.y,"
    " p.population, p.active, p.version, p.created_at, p.updated_at"
    " FROM quality_points p JOIN orgs u ON u.id = p.utility_id JOIN orgs o ON o.id = p.org_id"
    " LEFT JOIN orgs pl ON pl.id = p.plant_id LEFT JOIN priority_customers c ON c.id = p.customer_id ";

std::optional<double> opt_real(const store::Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return r.real(i);
}

Point from_row(const store::Row& r) {
  Point p;
  p.id = r.integer(0);
  p.utility_id = r.integer(1);
  p.utility_path = r.text(2);
  p.org_id = r.integer(3);
  p.org_path = r.text(4);
  p.org_name = r.text(5);
  p.code = r.text(6);
  p.name = r.text(7);
  p.type = r.text(8);
  p.plant_id = r.opt_integer(9);
  p.plant_name = r.text(10);
  p.network_id = r.opt_integer(11);
  p.node = r.opt_text(12);
  p.customer_id = r.opt_integer(13);
  p.customer_name = r.text(14);
  p.address = r.text(15);
  p.x = opt_real(r, 16);
  p.y = opt_real(r, 17);
  p.population = r.opt_integer(18);
  p.active = r.boolean(19);
  p.version = r.integer(20);
  p.created_at = from_millis(r.integer(21));
  p.updated_at = from_millis(r.integer(22));
  return p;
}

bool plant_type(const std::string& t) { return t == "raw" || t == "process" || t == "outlet"; }

nlohmann::json audit_json(const Point& p) {
  return {{"code", p.code}, {"name", p.name}, {"type", p.type}, {"org_id", p.org_id},
          {"plant_id", p.plant_id ? nlohmann::json(*p.plant_id) : nlohmann::json()},
          {"network_id", p.network_id ? nlohmann::json(*p.network_id) : nlohmann::json()},
          {"node", p.node ? nlohmann::json(*p.node) : nlohmann::json()},
          {"customer_id", p.customer_id ? nlohmann::json(*p.customer_id) : nlohmann::json()},
          {"address", p.address}, {"active", p.active}};
}

}  // namespace

namespace point_repo {

Result<std::vector<Point>> select(Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto rows, tx.query(std::string(kSelect) + where, params));
  std::vector<Point> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<std::optional<Point>> find(Tx& tx, int64_t id) {
  LL_TRY(auto found, select(tx, "WHERE p.id = ?", {id}));
  if (found.empty()) return std::optional<Point>();
  return std::optional<Point>(std::move(found[0]));
}

}  // namespace point_repo

Result<Point> visible_point(Tx& tx, const Actor& actor, int64_t id) {
  LL_TRY(auto p, point_repo::find(tx, id));
  if (!p || !may_read(actor, p->utility_path)) return Error::not_found("no such sampling point");
  return std::move(*p);
}

nlohmann::json to_json(const Point& p) {
  auto opt_i = [](const std::optional<int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  auto opt_d = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return {{"id", p.id},
          {"utility_id", p.utility_id},
          {"org_id", p.org_id},
          {"org_name", p.org_name},
          {"code", p.code},
          {"name", p.name},
          {"type", p.type},
          {"plant_id", opt_i(p.plant_id)},
          {"plant_name", p.plant_name},
          {"network_id", opt_i(p.network_id)},
          {"node", p.node ? nlohmann::json(*p.node) : nlohmann::json()},
          {"customer_id", opt_i(p.customer_id)},
          {"customer_name", p.customer_name},
          {"address", p.address},
          {"x", opt_d(p.x)},
          {"y", opt_d(p.y)},
          {"population", opt_i(p.population)},
          {"active", p.active},
          {"version", p.version}};
}

Result<std::vector<Point>> Points::list(const Actor& actor, const PointFilter& f) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  if (f.type && !is_point_type(*f.type))
    return Error::invalid("type", "must be one of: raw, process, outlet, network, network_end, secondary, customer");
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Point>> {
    LL_TRY(auto unit, unit_for_query(tx, actor, f.org, "org"));
    std::string where = "WHERE p.org_path LIKE ? ESCAPE '\\'";
    store::Params params{store::like_prefix(unit.path)};
    if (!f.include_inactive) where += " AND p.active = 1";
    if (f.type) {
      where += " AND p.type = ?";
      params.emplace_back(*f.type);
    }
    if (f.customer_id) {
      where += " AND p.customer_id = ?";
      params.emplace_back(*f.customer_id);
    }
    if (f.q && !blank(*f.q)) {
      const std::string like = "%" + store::like_prefix(*f.q);
      where += " AND (p.code LIKE ? ESCAPE '\\' OR p.name LIKE ? ESCAPE '\\' OR p.address LIKE ? ESCAPE '\\')";
      params.insert(params.end(), {like, like, like});
    }
    return point_repo::select(tx, where + " ORDER BY p.type, p.code LIMIT 5000", params);
  });
}

Result<Point> Points::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return visible_point(tx, actor, id); });
}

Result<Point> Points::create(const Actor& actor, const PointFields& f) {
  if (!actor.can(Permission::quality_manage)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (!f.code || blank(*f.code)) errors.push_back({"code", "must not be empty"});
  if (!f.name || blank(*f.name)) errors.push_back({"name", "must not be empty"});
  if (!f.type || !is_point_type(*f.type))
    errors.push_back({"type", "must be one of: raw, process, outlet, network, network_end, secondary, customer"});
  if (f.population && *f.population < 0) errors.push_back({"population", "must not be negative"});
  if (f.x.has_value() != f.y.has_value()) errors.push_back({f.x ? "y" : "x", "give both x and y, or neither"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const std::string type = *f.type;
  if (plant_type(type) && !f.plant_id) return Error::invalid("plant_id", "raw, process and outlet points belong to a plant");
  if (type == "customer" && !f.customer_id) return Error::invalid("customer_id", "name the priority customer");
  if (f.node && !f.network_id) return Error::invalid("network_id", "give the network the node belongs to");

  // The node's coordinates from the model (outside the write transaction).
  Point p;
  p.code = *f.code;
  p.name = *f.name;
  p.type = type;
  p.address = f.address.value_or("");
  p.population = f.population;
  p.plant_id = f.plant_id;
  p.network_id = f.network_id;
  p.node = f.node;
  p.customer_id = f.customer_id;
  p.x = f.x;
  p.y = f.y;
  if (p.customer_id && !p.node) {
    LL_TRY(auto c, rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::optional<store::Row>> {
      return tx.query_one("SELECT c.network_id, (SELECT MIN(n.node) FROM priority_customer_nodes n"
                          " WHERE n.customer_id = c.id), c.address FROM priority_customers c WHERE c.id = ?",
                          {*p.customer_id});
    }));
    if (c && !c->is_null(0) && !c->is_null(1)) {
      p.network_id = c->integer(0);
      p.node = c->text(1);
    }
    if (c && p.address.empty()) p.address = c->text(2);
  }
  if (p.network_id) {
    auto m = networks_.model(actor, *p.network_id);
    if (!m) {
      if (m.error().code == ErrorCode::not_found) return Error::invalid("network_id", "no such network in your scope");
      return m.error();
    }
    if (p.node) {
      const auto& net = m->second->network();
      auto n = net.find_node(*p.node);
      if (n == net::kNone) return Error::invalid("node", "no node '" + *p.node + "' in the network");
      if (!p.x) {
        p.x = net.nodes[static_cast<size_t>(n)].coordinates.x;
        p.y = net.nodes[static_cast<size_t>(n)].coordinates.y;
      }
    }
  }
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Point> {
    std::optional<Unit> unit;
    if (f.org_id) {
      LL_TRY(unit, find_unit(tx, *f.org_id));
    } else if (p.plant_id) {
      LL_TRY(unit, find_unit(tx, *p.plant_id));
    } else {
      LL_TRY(unit, find_unit(tx, actor.org_id));
    }
    if (!unit || !actor.sees(unit->path)) return Error::invalid("org_id", "no such org unit in your scope");
    LL_TRY(auto utility, utility_of(tx, unit->path));
    if (p.plant_id) {
      LL_TRY(auto plant, find_unit(tx, *p.plant_id));
      if (!plant || plant->kind != "water_plant" || !plant->path.starts_with(utility.path))
        return Error::invalid("plant_id", "no such water plant in the utility");
    }
    if (p.customer_id) {
      LL_TRY(auto c, tx.query_one("SELECT org_path FROM priority_customers WHERE id = ? AND active = 1", {*p.customer_id}));
      if (!c || !c->text(0).starts_with(utility.path))
        return Error::invalid("customer_id", "no such priority customer in the utility");
    }
    if (p.network_id) {
      LL_TRY(auto n, tx.query_one("SELECT o.path FROM networks n JOIN orgs o ON o.id = n.org_id WHERE n.id = ?",
                                  {*p.network_id}));
      if (!n || !(n->text(0).starts_with(utility.path) || utility.path.starts_with(n->text(0))))
        return Error::invalid("network_id", "the network belongs to another utility");
    }
    LL_TRY(auto clash, tx.query_one("SELECT id FROM quality_points WHERE utility_id = ? AND code = ?",
                                    {utility.id, p.code}));
    if (clash) return Error::invalid("code", "the utility already has a point with this code");
    LL_TRY(int64_t id, tx.insert("INSERT INTO quality_points (utility_id, org_id, org_path, code, name, type, plant_id,"
                                 " network_id, node, customer_id, address, x, y, population, active, created_at,"
                                 " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?) RETURNING id",
                                 {utility.id, unit->id, unit->path, p.code, p.name, p.type, p.plant_id, p.network_id,
                                  p.node, p.customer_id, p.address, p.x, p.y, p.population, to_millis(now),
                                  to_millis(now)}));
    LL_TRY(auto created, point_repo::find(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"quality.point.create", "quality_point", std::to_string(id), created->org_id,
                            created->org_path, nullptr, audit_json(*created)}));
    return std::move(*created);
  });
}

Result<Point> Points::update(const Actor& actor, int64_t id, const PointFields& f, std::optional<int64_t> version) {
  if (!actor.can(Permission::quality_manage)) return Error::forbidden();
  if (f.name && blank(*f.name)) return Error::invalid("name", "must not be empty");
  if (f.population && *f.population < 0) return Error::invalid("population", "must not be negative");
  if (f.code || f.type || f.plant_id || f.customer_id || f.network_id || f.node || f.org_id)
    return Error::invalid(f.code ? "code" : f.type ? "type" : "node",
                          "a point's identity does not change: retire it (active: false) and create another");
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Point> {
    LL_TRY(auto p, visible_point(tx, actor, id));
    if (!actor.sees(p.org_path)) return Error::forbidden("the point belongs to another unit");
    if (version && *version != p.version) return Error{ErrorCode::precondition_failed, "the point changed meanwhile", {}};
    const nlohmann::json before = audit_json(p);
    Point after = p;
    if (f.name) after.name = *f.name;
    if (f.address) after.address = *f.address;
    if (f.population) after.population = f.population;
    if (f.x) after.x = f.x;
    if (f.y) after.y = f.y;
    if (f.active) after.active = *f.active;
    LL_TRY(int64_t n, tx.exec("UPDATE quality_points SET name = ?, address = ?, population = ?, x = ?, y = ?, active = ?,"
                              " updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                              {after.name, after.address, after.population, after.x, after.y, after.active,
                               to_millis(now), id, p.version}));
    if (n != 1) return Error{ErrorCode::precondition_failed, "the point changed meanwhile", {}};
    LL_TRY(auto reread, point_repo::find(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"quality.point.update", "quality_point", std::to_string(id), p.org_id, p.org_path, before,
                            audit_json(*reread)}));
    return std::move(*reread);
  });
}

Result<std::vector<Point>> Points::neighbours(const Actor& actor, const Point& p, size_t k, size_t max_hops) {
  std::vector<Point> out;
  if (!p.network_id || !p.node) return out;
  auto m = networks_.model(actor, *p.network_id);
  if (!m) return out;  // no model: the retest stays at the point itself
  LL_TRY(auto others, rt_.db.transact(TxMode::read, [&](Tx& tx) {
    return point_repo::select(tx, "WHERE p.network_id = ? AND p.node IS NOT NULL AND p.active = 1 AND p.id <> ?"
                                  " AND p.utility_id = ?",
                              {*p.network_id, p.id, p.utility_id});
  }));
  const auto& net = m->second->network();
  std::unordered_multimap<net::Index, size_t> at;  // node -> index into others
  for (size_t i = 0; i < others.size(); ++i) {
    auto n = net.find_node(*others[i].node);
    if (n != net::kNone) at.emplace(n, i);
  }
  const net::Index start = net.find_node(*p.node);
  if (start == net::kNone || at.empty()) return out;
  // Breadth first over the pipes: the points met first are the nearest by hops.
  net::NodeLinks links(net);
  std::vector<int32_t> hops(net.nodes.size(), -1);
  std::deque<net::Index> queue{start};
  hops[static_cast<size_t>(start)] = 0;
  while (!queue.empty() && out.size() < k) {
    net::Index n = queue.front();
    queue.pop_front();
    if (n != start) {
      auto [b, e] = at.equal_range(n);
      for (auto it = b; it != e && out.size() < k; ++it) out.push_back(others[it->second]);
    }
    if (static_cast<size_t>(hops[static_cast<size_t>(n)]) >= max_hops) continue;
    for (net::Index l : links.of(n)) {
      const auto& link = net.links[static_cast<size_t>(l)];
      net::Index next = link.from == n ? link.to : link.from;
      if (hops[static_cast<size_t>(next)] >= 0) continue;
      hops[static_cast<size_t>(next)] = hops[static_cast<size_t>(n)] + 1;
      queue.push_back(next);
    }
  }
  return out;
}

}  // namespace lifeline::app::quality
